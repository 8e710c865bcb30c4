using Hl7.Fhir.Model;

namespace BoneCds.Rules.Inputs;

/// <summary>
/// Hip or vertebral fragility fractures on record (BHOF 2022 high-risk criterion). ICD-10-CM: M80 (osteoporosis with
/// current pathological fracture), S72.0-S72.2 (hip), S22.0 / S32.0 (thoracic / lumbar vertebra); plus text.
/// </summary>
public static class FractureCodes
{
    private static readonly string[] Icd10Prefixes = ["M80", "S72.0", "S72.1", "S72.2", "S720", "S721", "S722", "S22.0", "S220", "S32.0", "S320", "M48.5", "M485"];
    private static readonly string[] Names = ["fragility fracture", "osteoporotic fracture", "hip fracture", "vertebral fracture", "vertebral compression fracture", "fracture of neck of femur"];

    public static bool IsFragilityFracture(CodeableConcept? code)
    {
        if (code is null) return false;
        foreach (var c in code.Coding)
        {
            if (c.Code is null) continue;
            if (c.System is "http://hl7.org/fhir/sid/icd-10-cm" or "http://hl7.org/fhir/sid/icd-10"
                && Icd10Prefixes.Any(p => c.Code.StartsWith(p, StringComparison.OrdinalIgnoreCase))) return true;
        }
        var text = string.Join(" ", new[] { code.Text }.Concat(code.Coding.Select(c => c.Display)).Where(t => t is not null)).ToLowerInvariant();
        return Names.Any(text.Contains);
    }
}
