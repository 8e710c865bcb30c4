namespace BoneCds.Rules.Catalogue;

/// <summary>
/// Conditions the rules read. Fragility fractures (BHOF 2022 high-risk criterion), ICD-10-CM: M80 (osteoporosis with
/// current pathological fracture), S72.0-S72.2 (hip), S22.0 / S32.0 (thoracic / lumbar vertebra), M48.5; plus text.
/// </summary>
public static class ConditionCatalog
{
    public static readonly string[] Icd10Systems = ["http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10"];

    private static readonly string[] FractureIcd10Prefixes =
        ["M80", "S72.0", "S72.1", "S72.2", "S720", "S721", "S722", "S22.0", "S220", "S32.0", "S320", "M48.5", "M485"];

    private static readonly string[] FractureNames =
        ["fragility fracture", "osteoporotic fracture", "hip fracture", "vertebral fracture", "vertebral compression fracture",
            "fracture of neck of femur"];

    /// <summary>True for a coding or text that names a fragility fracture.</summary>
    public static bool IsFragilityFracture(IEnumerable<(string? System, string? Code)> codings, string text)
    {
        foreach (var (system, code) in codings)
            if (code is not null && Icd10Systems.Contains(system)
                && FractureIcd10Prefixes.Any(p => code.StartsWith(p, StringComparison.OrdinalIgnoreCase))) return true;
        return FractureNames.Any(text.Contains);
    }
}
