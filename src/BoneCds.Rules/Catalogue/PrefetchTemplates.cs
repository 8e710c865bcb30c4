namespace BoneCds.Rules.Catalogue;

/// <summary>One prefetch key: the FHIR query the EHR fills, and the resource types that can answer it.</summary>
public sealed record PrefetchTemplate(string Key, string Query, IReadOnlyList<string> ResourceTypes);

/// <summary>
/// The CDS Hooks prefetch templates, generated from the same catalogue the readers use (CDS Hooks 2.0 §Prefetch Template),
/// so the EHR is asked for every code the rules read and nothing is asked for that they do not read.
/// </summary>
public static class PrefetchTemplates
{
    private const string Patient = "{{context.patientId}}";

    /// <summary>The LOINC codes of one data group, all statuses (the reader judges them), as a token list.</summary>
    private static string Codes(bool densitometry) => string.Join(",", LoincCatalog.All
        .Where(r => LoincCatalog.IsDensitometry(r.Analyte) == densitometry).Select(r => $"{LoincCatalog.System}|{r.Code}"));

    /// <summary>
    /// v3 templates per data group: years of monthly labs can no longer push a DXA result off the first page, since each group
    /// is its own search, newest first, with its own page size. Only read, type search, reference, token, date, _count and
    /// _sort are used (CDS Hooks 2.0 recommends no more): Medication resources come from the Bundle when the EHR sends them.
    /// </summary>
    public static readonly IReadOnlyList<PrefetchTemplate> All =
    [
        new("patient", $"Patient/{Patient}", ["Patient"]),
        new("labs", $"Observation?subject=Patient/{Patient}&code={Codes(densitometry: false)}&_sort=-date&_count=100", ["Observation"]),
        new("densitometry", $"Observation?subject=Patient/{Patient}&code={Codes(densitometry: true)}&_sort=-date&_count=50",
            ["Observation"]),
        // Current (active, on-hold) and past (completed, stopped) orders: the v3 medication history (a drug holiday's dates).
        new("medications", $"MedicationRequest?subject=Patient/{Patient}&status=active,on-hold,completed,stopped",
            ["MedicationRequest", "MedicationStatement"]),
        // Every Condition whatever its clinical status (a healed hip fracture is still a fracture history): the ICD-10 codes the
        // catalogue reads are ranges (M80.x, S72.0-S72.2), which a FHIR token search cannot ask for.
        new("conditions", $"Condition?subject=Patient/{Patient}", ["Condition"]),
        // v4: doses given (denosumab, zoledronic acid, romosozumab injections and infusions), newest first. No code filter: EHRs code
        // them as clinical drugs (RxNorm SCD/SBD) a token search on ingredient codes would miss; the reader classifies them and
        // follows doses over the last 3 years.
        new("administrations", $"MedicationAdministration?subject=Patient/{Patient}&status=completed&_sort=-effective-time&_count=100",
            ["MedicationAdministration"]),
    ];

    /// <summary>Keys and queries as discovery lists them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Queries = All.ToDictionary(p => p.Key, p => p.Query);
}
