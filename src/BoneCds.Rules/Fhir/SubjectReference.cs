using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>Whether a resource's subject is the patient in context.</summary>
public static class SubjectReference
{
    public static bool BelongsTo(ResourceReference? subject, string? patientId)
    {
        if (patientId is null || subject?.Reference is null) return true;
        var reference = subject.Reference;
        return reference == $"Patient/{patientId}" || reference.EndsWith($"/Patient/{patientId}", StringComparison.Ordinal)
            || reference == patientId;
    }
}
