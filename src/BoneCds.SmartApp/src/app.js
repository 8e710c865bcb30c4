// The bone-health trend page (SMART App Launch 2.x, EHR launch): completes the authorization started by launch.js, reads the
// launched patient's results and medications from the EHR's FHIR server and draws them against the service's thresholds.
import FHIR from "fhirclient";
import { loadReference } from "./reference.js";
import { readObservations, readMedications, readFractures } from "./records.js";
import { bandedSeries, densityChart, medicationTimeline } from "./charts.js";
import { table, resultColumns, scoreColumns, medicationColumns, fractureColumns } from "./tables.js";
import { say, status, explain } from "./messages.js";

const today = new Date().toISOString().slice(0, 10);

async function main() {
    status("Completing the sign-in with the EHR…");
    let client;
    try {
        client = await FHIR.oauth2.ready();
    } catch (e) {
        return explain(e, "launch");
    }
    const started = performance.now();
    try {
        const reference = await loadReference();
        const patient = client.getPatientId();
        if (!patient)
            return say(
                "error",
                "The EHR did not say which patient this is (no patient in the token response): open the page from a patient's chart.",
            );
        noteContext(client.state.tokenResponse ?? {});
        if (sessionStorage.getItem("bonecds-scope-version") === "v1")
            say("info", "Connected with SMART v1 scopes (patient/*.read): this EHR does not offer the v2 scopes.", "scope-v1");
        const codes = [
            ...reference.vitaminD.loinc,
            ...reference.pth.loinc,
            ...reference.calcium.loinc,
            ...reference.dxa.codes.map((c) => c.loinc),
        ];
        const [observations, requests, conditions] = await Promise.all([
            client.request(`Observation?patient=${encodeURIComponent(patient)}&code=${encodeURIComponent(loincTokens(codes))}&_count=500`, {
                pageLimit: 0,
                flat: true,
            }),
            client.request(`MedicationRequest?patient=${encodeURIComponent(patient)}&_count=500`, { pageLimit: 0, flat: true }),
            client.request(`Condition?patient=${encodeURIComponent(patient)}&_count=500`, { pageLimit: 0, flat: true }),
        ]);
        render(
            readObservations(observations ?? [], reference),
            readMedications(requests ?? [], reference, today),
            readFractures(conditions ?? [], reference),
            reference,
        );
        document.body.dataset.drawnMs = String(Math.round(performance.now() - started));
        status("");
    } catch (e) {
        explain(e, "read");
    }
}

/** The search token list of LOINC codes ("http://loinc.org|62292-8,..."). */
function loincTokens(codes) {
    return codes.map((c) => `http://loinc.org|${c}`).join(",");
}

/** appContext is an opaque hint (the card's rule id); the page works without it, since some EHRs drop it. */
function noteContext(token) {
    const context = typeof token.appContext === "string" ? token.appContext.trim() : "";
    if (/^[A-Z0-9-]{2,64}$/.test(context)) {
        document.body.dataset.appContext = context;
        say("info", `Opened from the card ${context}.`, "app-context");
    } else say("info", "Opened without a card context (the EHR passed no appContext): showing the whole picture.", "app-context");
}

function render({ points, notDrawn }, intervals, fractures, reference) {
    const charts = document.getElementById("charts");
    const tables = document.getElementById("tables");
    charts.replaceChildren();
    tables.replaceChildren();
    const of = (kind) => points.filter((p) => p.kind === kind);
    if (points.length === 0 && intervals.length === 0 && fractures.length === 0) {
        say(
            "info",
            "No 25(OH)D, DXA, PTH or calcium results, no vitamin D, calcium or anti-osteoporosis medications and no fractures " +
                "are on record for this patient.",
            "no-results",
        );
        return;
    }
    const tierOf = (bands, p) =>
        bands.find((b) => (b.from ?? -Infinity) <= p.value && (b.to === null || p.value < b.to || (b.toInclusive && p.value === b.to)))
            ?.tier ?? "";
    const sections = [
        ["vitaminD", "Serum 25(OH)D", reference.vitaminD.tiers, "25(OH)D"],
        [
            "pth",
            "Intact PTH",
            [
                {
                    tier: "reference range",
                    from: reference.pth.low,
                    to: reference.pth.high,
                    colour: "#d9efd9",
                    label: `${reference.pth.low}-${reference.pth.high} ${reference.pth.unit}`,
                    toInclusive: true,
                },
            ],
            "PTH",
        ],
        [
            "calcium",
            "Serum calcium",
            [
                {
                    tier: "reference range",
                    from: reference.calcium.low,
                    to: reference.calcium.high,
                    colour: "#d9efd9",
                    label: `${reference.calcium.low}-${reference.calcium.high} ${reference.calcium.unit}`,
                    toInclusive: true,
                },
            ],
            "calcium",
        ],
    ];
    for (const [kind, title, bands, yLabel] of sections) {
        const series = of(kind).map((p) => ({ ...p, series: kind }));
        if (series.length === 0) continue;
        charts.append(bandedSeries({ title, points: series, bands, unit: reference[kind].unit, yLabel }));
        tables.append(
            table(
                title,
                resultColumns((p) => tierOf(bands, p)),
                series,
            ),
        );
    }
    const scores = [...of("tScore"), ...of("zScore")];
    if (scores.length > 0) {
        charts.append(densityChart({ points: scores, reference }));
        tables.append(table("DXA scores by site", scoreColumns, scores));
    }
    if (intervals.length > 0 || fractures.length > 0) {
        charts.append(medicationTimeline({ intervals, fractures, today }));
        if (intervals.length > 0) tables.append(table("Medications", medicationColumns, intervals));
        if (fractures.length > 0) tables.append(table("Fractures", fractureColumns, fractures));
    }
    if (notDrawn.length > 0)
        say(
            "info",
            `${notDrawn.length} result(s) could not be drawn: ` +
                notDrawn.map((n) => `${n.loinc} ${n.date ?? ""} (${n.reason})`).join("; ") +
                ".",
            "not-drawn",
        );
    const focus = document.body.dataset.appContext;
    if (focus?.startsWith("VITD")) charts.querySelector("figure")?.classList.add("focus");
}

document.getElementById("view-toggle").addEventListener("click", (event) => {
    const button = event.currentTarget;
    const tablesShown = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(tablesShown));
    button.textContent = tablesShown ? "Show charts" : "Show tables";
    document.getElementById("charts").hidden = tablesShown;
    document.getElementById("tables").hidden = !tablesShown;
});

main();
