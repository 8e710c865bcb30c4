namespace BoneCds.Rules.Catalogue;

/// <summary>
/// One published value set (VSAC expansion): its OID, name, version, where the committed JSON came from, and its codes
/// (descendants included, as the expansion lists them). Membership is by system and code.
/// </summary>
public sealed class ValueSet(string oid, string name, string version, string source, (string System, string Code)[] codes)
{
    private readonly HashSet<(string, string)> _codes = [.. codes];

    public string Oid => oid;
    public string Name => name;
    public string Version => version;
    public string Source => source;
    public IReadOnlyCollection<(string System, string Code)> Codes => _codes;

    /// <summary>ICD-10 is matched with or without its dot and in either FHIR system URI (icd-10-cm or icd-10).</summary>
    public bool Contains(string? system, string? code)
    {
        if (system is null || code is null) return false;
        if (_codes.Contains((system, code))) return true;
        if (!ConditionCatalog.Icd10Systems.Contains(system)) return false;
        var dotted = code.Contains('.') || code.Length <= 3 ? code : code[..3] + "." + code[3..];
        return ConditionCatalog.Icd10Systems.Any(s => _codes.Contains((s, dotted)) || _codes.Contains((s, code)));
    }
}

/// <summary>The value sets this service reads (clinical-rules.md v3.1), generated from the JSON in this folder.</summary>
public static partial class ValueSets
{
    public static IReadOnlyList<ValueSet> All =>
    [
        Warfarin, Osteoporosis, OsteoporosisWithoutCurrentFracture, OsteoporosisWithCurrentFracture, Osteopenia, GlucocorticoidsOral,
        ChronicKidneyDiseaseStage5, EndStageRenalDisease, EstimatedGlomerularFiltrationRate, MyocardialInfarction, Stroke,
    ];
}
