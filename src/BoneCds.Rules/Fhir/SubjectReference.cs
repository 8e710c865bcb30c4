using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// Whether a resource's subject is the patient in context, resolved the FHIR way (v2): inside a Bundle a reference equal to
/// an entry's fullUrl (urn:uuid:..., an absolute URL) is that entry; "Patient/x" is the Patient with id x. A result is
/// another patient's only when its subject resolves to a different patient.
/// </summary>
public sealed class SubjectReference(IReadOnlyDictionary<string, Resource> byFullUrl, string? patientId)
{
    public bool BelongsTo(ResourceReference? subject)
    {
        if (patientId is null || subject?.Reference is not { Length: > 0 } reference) return true;
        if (byFullUrl.TryGetValue(reference, out var resolved))
            return resolved is not Patient patient || patient.Id is null || patient.Id == patientId;
        if (reference == patientId) return true;
        var marker = reference.LastIndexOf("Patient/", StringComparison.Ordinal);
        if (marker < 0 || (marker > 0 && reference[marker - 1] != '/')) return true; // not resolvable here: not "another patient"
        var id = reference[(marker + "Patient/".Length)..].Split('/')[0];
        return id == patientId;
    }
}
