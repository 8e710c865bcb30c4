// The charts, drawn with Observable Plot (SVG). Every plotted result carries data-loinc, data-value (display unit), data-unit and
// data-date; every band data-tier; every threshold line data-threshold: a test (or a curious engineer) can read the chart.
import * as Plot from "@observablehq/plot";

const day = 86400000;
const asDate = (text) => new Date(`${text}T00:00:00Z`);

/** A render transform that writes data attributes on each drawn element, in the order Plot draws the index. */
export function tagged(data, attributes) {
    return (index, scales, values, dimensions, context, next) => {
        const g = next(index, scales, values, dimensions, context);
        const drawn = g.tagName === "g" ? [...g.children] : [g];
        drawn.forEach((element, i) => {
            for (const [name, value] of Object.entries(attributes(data[index[i]]))) element.setAttribute(name, String(value));
        });
        return g;
    };
}

function pointAttributes(p) {
    return {
        "data-loinc": p.loinc,
        "data-value": p.value,
        "data-unit": p.unit,
        "data-date": p.date,
        "data-kind": p.kind,
        ...(p.site ? { "data-site": p.site } : {}),
    };
}

function timeDomain(dates) {
    const times = dates.map((d) => asDate(d).getTime());
    const lo = Math.min(...times),
        hi = Math.max(...times);
    const pad = Math.max((hi - lo) * 0.04, 30 * day);
    return [new Date(lo - pad), new Date(hi + pad)];
}

/** The SVG is one image with one text alternative: Plot's labels on inner groups (not allowed without a role) are dropped. */
export function asImage(svg, summary) {
    svg.querySelectorAll("[aria-label], [aria-description]").forEach((e) => {
        e.removeAttribute("aria-label");
        e.removeAttribute("aria-description");
    });
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", summary);
    return svg;
}

function frame(title, summary, svg) {
    const figure = document.createElement("figure");
    figure.className = "chart";
    figure.tabIndex = 0;
    figure.setAttribute("aria-label", `${title}. ${summary}`);
    asImage(svg, summary);
    const caption = document.createElement("figcaption");
    caption.innerHTML = `<strong></strong> <span></span>`;
    caption.querySelector("strong").textContent = title;
    caption.querySelector("span").textContent = summary;
    figure.append(caption, svg);
    return figure;
}

const width = () => Math.min(960, Math.max(320, document.querySelector("main")?.clientWidth ?? 800));

/** Bands (tiers or a reference range) behind a series of points, with the bands' own colours and labels. */
export function bandedSeries({ title, points, bands, unit, yLabel, thresholds = [] }) {
    const x = timeDomain(points.map((p) => p.date));
    const top = Math.max(...points.map((p) => p.value), ...bands.map((b) => b.to ?? b.from)) * 1.1;
    // Tiers start at zero; a reference range is drawn around its values, so calcium's 8.5-10.5 is not flattened against zero.
    const lowest = Math.min(...points.map((p) => p.value), ...bands.map((b) => b.from ?? 0));
    const bottom = bands.some((b) => b.from === 0) ? 0 : Math.max(0, lowest - (top / 1.1 - lowest) * 0.25);
    const drawnBands = bands.map((b) => ({ ...b, y1: b.from ?? bottom, y2: b.to ?? top }));
    const data = points.map((p) => ({ ...p, when: asDate(p.date) }));
    const svg = Plot.plot({
        width: width(),
        height: 260,
        marginLeft: 56,
        x: { type: "utc", domain: x, label: null },
        y: { domain: [bottom, top], label: `${yLabel} (${unit})`, grid: true },
        color: { domain: bands.map((b) => b.tier), range: bands.map((b) => b.colour), legend: bands.length > 1 },
        marks: [
            Plot.rectY(drawnBands, {
                x1: () => x[0],
                x2: () => x[1],
                y1: "y1",
                y2: "y2",
                fill: "tier",
                fillOpacity: bands.length > 1 ? 0.3 : 0.55,
                title: (b) => `${b.tier}: ${b.label}`,
                render: tagged(drawnBands, (b) => ({ "data-tier": b.tier, "data-from": b.from ?? "", "data-to": b.to ?? "" })),
            }),
            Plot.ruleY(thresholds, {
                y: "value",
                stroke: "#333",
                strokeDasharray: "4,3",
                render: tagged(thresholds, (t) => ({ "data-threshold": t.value, "data-label": t.label })),
            }),
            Plot.line(data, { x: "when", y: "value", z: "series", stroke: "#1f3b73", strokeWidth: 1.5 }),
            Plot.dot(data, {
                x: "when",
                y: "value",
                fill: "#1f3b73",
                r: 3.5,
                symbol: "series",
                title: (p) =>
                    `${p.date}: ${p.comparator}${p.value} ${p.unit}${p.site ? ` (${p.site})` : ""}` +
                    (p.reported !== `${p.value} ${p.unit}` ? `; reported ${p.reported}` : ""),
                render: tagged(data, pointAttributes),
            }),
        ],
    });
    const latest = points.at(-1);
    const summary =
        `${points.length} result(s) from ${points[0].date} to ${latest.date}; ` + `latest ${latest.comparator}${latest.value} ${unit}.`;
    return frame(title, summary, svg);
}

/** DXA scores per site over time, with the WHO lines (T -1.0 and -2.5; Z -2.0 when Z-scores are on record). */
export function densityChart({ points, reference }) {
    const t = reference.dxa;
    const hasZ = points.some((p) => p.kind === "zScore");
    const data = points.map((p) => ({ ...p, when: asDate(p.date), series: `${p.kind === "tScore" ? "T" : "Z"} ${p.site}` }));
    const x = timeDomain(points.map((p) => p.date));
    const lo = Math.min(-4, ...points.map((p) => p.value)) - 0.3,
        hi = Math.max(1, ...points.map((p) => p.value)) + 0.3;
    const bands = [
        { tier: "normal", from: t.tScoreNormalMin, to: hi, colour: "#d9efd9" },
        { tier: "low bone mass (osteopenia)", from: t.tScoreOsteoporosisMax, to: t.tScoreNormalMin, colour: "#fff1c6" },
        { tier: "osteoporosis", from: lo, to: t.tScoreOsteoporosisMax, colour: "#f9d0cc" },
    ];
    const lines = [
        { value: t.tScoreNormalMin, label: `T-score ${t.tScoreNormalMin}` },
        { value: t.tScoreOsteoporosisMax, label: `T-score ${t.tScoreOsteoporosisMax}` },
        ...(hasZ ? [{ value: t.zScoreBelowExpectedMax, label: `Z-score ${t.zScoreBelowExpectedMax}` }] : []),
    ];
    const svg = Plot.plot({
        width: width(),
        height: 280,
        marginLeft: 56,
        x: { type: "utc", domain: x, label: null },
        y: { domain: [lo, hi], label: "score (SD)", grid: true },
        color: { legend: true, type: "categorical" },
        marks: [
            Plot.rectY(bands, {
                x1: () => x[0],
                x2: () => x[1],
                y1: "from",
                y2: "to",
                fill: (b) => b.colour,
                fillOpacity: 0.6,
                title: (b) => `${b.tier} (T-score categories)`,
                render: tagged(bands, (b) => ({ "data-tier": b.tier, "data-from": b.from, "data-to": b.to })),
            }),
            Plot.ruleY(lines, {
                y: "value",
                stroke: "#333",
                strokeDasharray: "4,3",
                render: tagged(lines, (l) => ({ "data-threshold": l.value, "data-label": l.label })),
            }),
            Plot.line(data, { x: "when", y: "value", z: "series", stroke: "series" }),
            Plot.dot(data, {
                x: "when",
                y: "value",
                stroke: "series",
                fill: "series",
                symbol: (p) => p.kind,
                r: 4,
                title: (p) => `${p.date}: ${p.unit} ${p.value} at ${p.site}`,
                render: tagged(data, pointAttributes),
            }),
        ],
    });
    const sites = [...new Set(points.map((p) => p.site))].join(", ");
    const lowest = points.reduce((a, b) => (b.value < a.value ? b : a));
    return frame(
        "DXA scores by site",
        `${points.length} score(s) at ${sites}; lowest ${lowest.unit} ${lowest.value} at ${lowest.site} on ${lowest.date}.`,
        svg,
    );
}

/** Vitamin D, calcium and anti-osteoporosis medications from start to end, with fractures marked where they happened. */
export function medicationTimeline({ intervals, fractures = [], today }) {
    const data = intervals.map((m) => ({
        ...m,
        x1: asDate(m.start),
        x2: new Date(Math.max(asDate(m.end).getTime(), asDate(m.start).getTime() + 7 * day)),
    }));
    const marks = fractures.map((f) => ({ ...f, when: asDate(f.date) }));
    const x = timeDomain([...intervals.map((m) => m.start), ...intervals.map((m) => m.end), ...fractures.map((f) => f.date), today]);
    const svg = Plot.plot({
        width: width(),
        height: 60 + 28 * new Set(intervals.map((m) => m.name)).size,
        marginLeft: 220,
        x: { type: "utc", domain: x, label: null },
        y: { label: null },
        color: { legend: true },
        marks: [
            Plot.barX(data, {
                x1: "x1",
                x2: "x2",
                y: "name",
                fill: "group",
                title: (m) => `${m.name}: ${m.start} to ${m.end} (${m.status})`,
                render: tagged(data, (m) => ({
                    "data-medication": m.name,
                    "data-group": m.group,
                    "data-start": m.start,
                    "data-end": m.end,
                })),
            }),
            Plot.ruleX([asDate(today)], { stroke: "#555" }),
            Plot.ruleX(marks, {
                x: "when",
                stroke: "#b3261e",
                strokeWidth: 2,
                strokeDasharray: "2,2",
                title: (f) => `Fracture ${f.date}: ${f.name}`,
                render: tagged(marks, (f) => ({ "data-fracture": f.code, "data-date": f.date })),
            }),
            Plot.text(marks, { x: "when", frameAnchor: "top", dy: 2, text: () => "fracture", fill: "#b3261e", fontSize: 10 }),
        ],
    });
    const fractureText = fractures.length > 0 ? ` ${fractures.length} fracture(s) marked: ${fractures.map((f) => f.date).join(", ")}.` : "";
    return frame(
        "Medications and fractures",
        `${intervals.length} vitamin D, calcium or anti-osteoporosis medication record(s).${fractureText}`,
        svg,
    );
}
