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

    /// <summary>Every LOINC code of the catalogue (labs, DXA scores by site and side, BMD, FRAX): all statuses, newest first.</summary>
    private static readonly string ObservationCodes = string.Join(",", LoincCatalog.AllCodes.Select(c => $"{LoincCatalog.System}|{c}"));

    public static readonly IReadOnlyList<PrefetchTemplate> All =
    [
        new("patient", $"Patient/{Patient}", ["Patient"]),
        new("observations", $"Observation?subject=Patient/{Patient}&code={ObservationCodes}&_sort=-date&_count=200", ["Observation"]),
        // Active and on-hold orders, with the Medication resources they reference.
        new("medications", $"MedicationRequest?subject=Patient/{Patient}&status=active,on-hold&_include=MedicationRequest:medication",
            ["MedicationRequest", "MedicationStatement"]),
        // Every Condition whatever its clinical status (a healed hip fracture is still a fracture history): the ICD-10 codes the
        // catalogue reads are ranges (M80.x, S72.0-S72.2), which a FHIR token search cannot ask for.
        new("conditions", $"Condition?subject=Patient/{Patient}", ["Condition"]),
    ];

    /// <summary>Keys and queries as discovery lists them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Queries = All.ToDictionary(p => p.Key, p => p.Query);
}
