namespace BoneCds.Rules.Catalogue;

/// <summary>One prefetch key: the FHIR query the EHR fills, and the resource types that can answer it.</summary>
public sealed record PrefetchTemplate(string Key, string Query, IReadOnlyList<string> ResourceTypes);

/// <summary>
/// The CDS Hooks prefetch templates, generated from the same catalogue the readers use (CDS Hooks 2.0 §Prefetch Template),
/// so the EHR is asked for exactly the codes the rules read.
/// </summary>
public static class PrefetchTemplates
{
    private const string Patient = "{{context.patientId}}";

    private static readonly string ObservationCodes = string.Join(",", LoincCatalog.AllCodes.Select(c => $"{LoincCatalog.System}|{c}"));

    public static readonly IReadOnlyList<PrefetchTemplate> All =
    [
        new("patient", $"Patient/{Patient}", ["Patient"]),
        new("observations", $"Observation?subject=Patient/{Patient}&code={ObservationCodes}&_sort=-date&_count=200", ["Observation"]),
        new("medications", $"MedicationRequest?subject=Patient/{Patient}&status=active", ["MedicationRequest", "MedicationStatement"]),
        new("conditions", $"Condition?subject=Patient/{Patient}&clinical-status=active", ["Condition"]),
    ];

    /// <summary>Keys and queries as discovery lists them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Queries = All.ToDictionary(p => p.Key, p => p.Query);
}
