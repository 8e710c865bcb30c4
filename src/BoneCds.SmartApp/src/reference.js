// The service's published thresholds, codes and units (GET /api/v1/thresholds): the page draws bands and converts units with
// these, so the page and the cards cannot disagree. The page makes no clinical decision of its own.

export async function loadReference() {
    const response = await fetch(new URL("../api/v1/thresholds", document.baseURI), { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`the service's thresholds could not be read (HTTP ${response.status})`);
    return response.json();
}

/** The value in the analyte's display unit, or null when the unit is not one the service accepts. */
export function toDisplay(analyte, value, unit) {
    const row = analyte.units.find((u) => u.unit === unit || u.unit.toLowerCase() === String(unit).toLowerCase());
    return row ? value / row.perDisplay : null;
}
