// The CDS committee's view: acceptance and override rates per rule and reason, from GET /api/v1/feedback/summary (behind its
// API key, typed here and sent only to this service), as a chart and a table.
import * as Plot from "@observablehq/plot";
import { table } from "./tables.js";
import { asImage, tagged } from "./charts.js";
import { say } from "./messages.js";

async function show(event) {
    event.preventDefault();
    const key = document.getElementById("api-key").value;
    const client = document.getElementById("client").value.trim();
    const url = new URL("../api/v1/feedback/summary", document.baseURI);
    if (client) url.searchParams.set("client", client);
    const response = await fetch(url, { headers: { "X-Api-Key": key, Accept: "application/json" } });
    const out = document.getElementById("summary");
    out.replaceChildren();
    if (response.status === 401 || response.status === 403)
        return say("error", "The API key was refused: ask the service's operators for the feedback-summary key.", "key");
    if (!response.ok) return say("error", `The summary could not be read (HTTP ${response.status}).`, "key");
    document.getElementById("message-key")?.remove();
    const summary = await response.json();
    const rules = summary.rules ?? [];
    if (rules.length === 0) return say("info", "No feedback has been received yet.", "key");
    const rows = rules.flatMap((r) => [
        { rule: r.ruleId, outcome: "accepted", share: r.acceptanceRate, count: r.accepted },
        { rule: r.ruleId, outcome: "overridden", share: r.overrideRate, count: r.overridden },
    ]);
    const svg = Plot.plot({
        width: Math.min(960, out.clientWidth || 800),
        marginLeft: 220,
        height: 40 + 26 * rules.length,
        x: { domain: [0, 1], percent: true, label: "share of feedback (%)" },
        y: { label: null },
        color: { legend: true, domain: ["accepted", "overridden"], range: ["#2e7d32", "#c62828"] },
        marks: [
            Plot.barX(
                rows,
                Plot.stackX({
                    x: "share",
                    y: "rule",
                    fill: "outcome",
                    title: (d) => `${d.rule}: ${d.outcome} ${d.count}`,
                    render: tagged(rows, (d) => ({ "data-rule": d.rule, "data-outcome": d.outcome, "data-share": d.share })),
                }),
            ),
        ],
    });
    asImage(svg, `Acceptance and override shares for ${rules.length} rule(s); ${summary.totalFeedback} feedback item(s) in all.`);
    out.append(
        svg,
        table(
            `Feedback per rule (${summary.totalFeedback} in all)`,
            [
                { label: "Rule", value: (r) => r.ruleId },
                { label: "Accepted", value: (r) => r.accepted },
                { label: "Overridden", value: (r) => r.overridden },
                { label: "Acceptance rate", value: (r) => `${Math.round(r.acceptanceRate * 1000) / 10}%` },
                {
                    label: "Override reasons",
                    value: (r) => r.overrideReasons.map((o) => `${o.display ?? o.code ?? "none"} (${o.count})`).join("; "),
                },
            ],
            rules,
        ),
    );
}

document
    .getElementById("summary-form")
    .addEventListener("submit", (e) => show(e).catch((err) => say("error", `The summary could not be read: ${err.message}`, "key")));
