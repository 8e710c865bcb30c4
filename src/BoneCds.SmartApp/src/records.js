// Reads the launched patient's results and medications from the EHR's FHIR server (in the browser, with the SMART token) into
// plain points and intervals for the charts and tables. Nothing is sent to BoneCds.
import { toDisplay } from "./reference.js";

const usable = new Set(["final", "amended", "corrected"]);

function dateOf(o) {
    const when = o.effectiveDateTime ?? o.effectivePeriod?.end ?? o.effectivePeriod?.start ?? o.issued;
    return typeof when === "string" && /^\d{4}-\d{2}-\d{2}/.test(when) ? when.slice(0, 10) : null;
}

function loincOf(concept) {
    return (concept?.coding ?? []).find((c) => c.system === "http://loinc.org")?.code ?? null;
}

/** Every usable result as a point; what cannot be drawn (an unknown unit, no date, no number) is listed with why. */
export function readObservations(observations, reference) {
    const byCode = new Map();
    for (const analyte of ["vitaminD", "pth", "calcium"]) for (const code of reference[analyte].loinc) byCode.set(code, analyte);
    for (const code of reference.dxa.codes) byCode.set(code.loinc, code.score === "T" ? "tScore" : "zScore");
    const points = [],
        notDrawn = [];
    for (const o of observations) {
        if (!usable.has(o.status)) continue;
        const date = dateOf(o);
        const items = [
            { code: loincOf(o.code), value: o.valueQuantity },
            ...(o.component ?? []).map((c) => ({ code: loincOf(c.code), value: c.valueQuantity })),
        ];
        for (const item of items) {
            const kind = byCode.get(item.code);
            if (!kind) continue;
            const reason = addPoint(points, kind, item, date, reference);
            if (reason) notDrawn.push({ loinc: item.code, date, reason });
        }
    }
    points.sort((a, b) => a.date.localeCompare(b.date));
    return { points, notDrawn };
}

function addPoint(points, kind, item, date, reference) {
    const q = item.value;
    if (!date) return "no date";
    if (typeof q?.value !== "number") return "no numeric value";
    const score = kind === "tScore" || kind === "zScore";
    const unit = q.code ?? q.unit;
    const display = score ? q.value : toDisplay(reference[kind], q.value, unit);
    if (display === null) return `unit '${unit ?? "none"}' is not one the service reads`;
    const site = score ? reference.dxa.codes.find((c) => c.loinc === item.code).site : null;
    points.push({
        kind,
        loinc: item.code,
        date,
        value: Math.round(display * 100) / 100,
        comparator: q.comparator ?? "",
        unit: score ? (kind === "tScore" ? "T-score" : "Z-score") : reference[kind].unit,
        reported: `${q.comparator ?? ""}${q.value} ${unit ?? ""}`.trim(),
        site,
    });
    return null;
}

/** Vitamin D, calcium and anti-osteoporosis medications as intervals (start to end; a current one runs to today). */
export function readMedications(requests, reference, today) {
    const groups = reference.medications.map((g) => ({
        name: g.group,
        atc: g.atc,
        firstWord: g.firstWord,
        pattern: g.names.length > 0 ? new RegExp(`\\b(${g.names.map(escape).join("|")})\\b`, "i") : null,
    }));
    const intervals = [];
    for (const r of requests) {
        const concept = r.medicationCodeableConcept;
        const name = concept?.text ?? concept?.coding?.find((c) => c.display)?.display ?? r.medicationReference?.display;
        const start = (r.authoredOn ?? r.dispenseRequest?.validityPeriod?.start ?? "").slice(0, 10);
        if (!name || !start || r.status === "entered-in-error" || r.status === "draft") continue;
        const codes = (concept?.coding ?? []).filter((c) => c.system === "http://www.whocc.no/atc").map((c) => c.code ?? "");
        const group = groups.find(
            (g) =>
                g.pattern?.test(name) ||
                codes.some((c) => g.atc.some((p) => c.startsWith(p))) ||
                (g.firstWord && name.trim().toLowerCase().split(/\s+/)[0] === g.firstWord && !/^calcium channel/i.test(name.trim())),
        );
        if (!group) continue;
        const current = r.status === "active" || r.status === "on-hold";
        const end = current ? today : (r.dispenseRequest?.validityPeriod?.end ?? start).slice(0, 10);
        intervals.push({ name, group: group.name, start, end: end < start ? start : end, status: r.status });
    }
    intervals.sort((a, b) => a.start.localeCompare(b.start));
    return intervals;
}

function escape(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Fractures on record (the codes the service reads), dated by onset, else the recorded date: markers on the timeline. */
export function readFractures(conditions, reference) {
    const prefixes = reference.fractures.icd10Prefixes;
    const snomed = new Set(reference.fractures.snomed);
    const fractures = [];
    for (const c of conditions) {
        const verification = c.verificationStatus?.coding?.[0]?.code;
        if (verification === "refuted" || verification === "entered-in-error") continue;
        const coding = (c.code?.coding ?? []).find(
            (k) =>
                k.code &&
                ((/icd-10/.test(k.system ?? "") && prefixes.some((p) => k.code.replace(".", "").toUpperCase().startsWith(p))) ||
                    (k.system === "http://snomed.info/sct" && snomed.has(k.code))),
        );
        const date = (c.onsetDateTime ?? c.onsetPeriod?.start ?? c.recordedDate ?? "").slice(0, 10);
        if (!coding || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
        fractures.push({ name: c.code.text ?? coding.display ?? coding.code, code: coding.code, date });
    }
    return fractures.sort((a, b) => a.date.localeCompare(b.date));
}
