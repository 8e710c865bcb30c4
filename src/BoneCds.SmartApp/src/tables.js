// The same data as the charts, as tables: the accessible view (and the one to copy figures from).

export function table(caption, columns, rows) {
    const t = document.createElement("table");
    const c = t.createCaption();
    c.textContent = caption;
    const head = t.createTHead().insertRow();
    for (const column of columns) {
        const th = document.createElement("th");
        th.scope = "col";
        th.textContent = column.label;
        head.append(th);
    }
    const body = t.createTBody();
    for (const row of rows) {
        const tr = body.insertRow();
        for (const column of columns) tr.insertCell().textContent = String(column.value(row) ?? "");
    }
    return t;
}

export const resultColumns = (tier) => [
    { label: "Date", value: (p) => p.date },
    { label: "Result", value: (p) => `${p.comparator}${p.value} ${p.unit}` },
    { label: "As reported", value: (p) => p.reported },
    ...(tier ? [{ label: "Band", value: tier }] : []),
    { label: "LOINC", value: (p) => p.loinc },
];

export const scoreColumns = [
    { label: "Date", value: (p) => p.date },
    { label: "Site", value: (p) => p.site },
    { label: "Score", value: (p) => `${p.unit} ${p.value}` },
    { label: "LOINC", value: (p) => p.loinc },
];

export const medicationColumns = [
    { label: "Medication", value: (m) => m.name },
    { label: "Group", value: (m) => m.group },
    { label: "Start", value: (m) => m.start },
    { label: "End", value: (m) => m.end },
    { label: "Status", value: (m) => m.status },
];

export const fractureColumns = [
    { label: "Date", value: (f) => f.date },
    { label: "Fracture", value: (f) => f.name },
    { label: "Code", value: (f) => f.code },
];
