// SMART App Launch 2.x, EHR launch: the EHR opens launch.html?iss=...&launch=...; the page reads the server's
// .well-known/smart-configuration, asks for v2 scopes (v1 .read where the server only advertises v1) and starts the
// authorization code flow with PKCE S256 (required), an unpredictable state and aud, as a public client (fhirclient).
import FHIR from "fhirclient";
import { loadReference } from "./reference.js";
import { say } from "./messages.js";

const resources = ["Patient", "Observation", "MedicationRequest", "Condition"];

/** v2 scopes unless the server advertises only v1 (SMART 2.0: capability permission-v2, or .rs scopes in scopes_supported). */
export function scopesFor(configuration) {
    const capabilities = configuration.capabilities ?? [];
    const supported = configuration.scopes_supported ?? [];
    const v2 = capabilities.includes("permission-v2") || supported.some((s) => /\.[cruds]+$/.test(s));
    const v1Only = !v2 && (capabilities.includes("permission-v1") || supported.some((s) => /\.(read|write|\*)$/.test(s)));
    const version = v1Only ? "v1" : "v2";
    return { version, scope: ["launch", ...resources.map((r) => `patient/${r}.${version === "v2" ? "rs" : "read"}`)].join(" ") };
}

async function launch() {
    const params = new URLSearchParams(location.search);
    const iss = params.get("iss");
    const launchToken = params.get("launch");
    if (!iss || !launchToken) {
        say(
            "error",
            "Open this page from the EHR: an EHR launch gives it the FHIR server (iss) and a launch token, and neither is here.",
            "no-launch",
        );
        return;
    }
    try {
        const reference = await loadReference();
        const response = await fetch(`${iss.replace(/\/$/, "")}/.well-known/smart-configuration`, {
            headers: { Accept: "application/json" },
        });
        if (!response.ok) throw new Error(`the EHR's SMART configuration could not be read (HTTP ${response.status})`);
        const { version, scope } = scopesFor(await response.json());
        sessionStorage.setItem("bonecds-scope-version", version);
        await FHIR.oauth2.authorize({
            clientId: reference.smart.clientId,
            scope,
            redirectUri: "index.html",
            iss,
            launch: launchToken,
            pkceMode: "required",
        });
    } catch (e) {
        say("error", `The launch from the EHR could not be started: ${e?.message ?? e}`, "launch-failed");
    }
}

launch();
