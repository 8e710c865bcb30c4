using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// Whether a resource's subject is the patient in context, resolved the FHIR way (v2): inside a Bundle a reference equal to
/// an entry's fullUrl (urn:uuid:..., an absolute URL) is that entry; "Patient/x" is the Patient with id x. A result is
/// another patient's only when its subject resolves to a different patient.
/// </summary>
/// <param name="requireSubject">Prefetched data must name its patient: a result without a subject is not attributed (L10).</param>
public sealed class SubjectReference(BundleReferences references, string? patientId, bool requireSubject = false)
{
    /// <summary>The reason given for another patient's resource (counted, never named on this patient's cards: v3.1).</summary>
    public const string OtherPatientReason = "subject is not the patient in context";

    /// <summary>Why the subject is not the patient in context, or null when it is.</summary>
    public string? Problem(ResourceReference? subject) => Problem(subject?.Reference);

    /// <param name="reference">subject.reference as written.</param>
    public string? Problem(string? reference)
    {
        if (requireSubject && reference is not { Length: > 0 }) return "no subject: prefetched data must name its patient";
        return BelongsTo(reference) ? null : OtherPatientReason;
    }

    public bool BelongsTo(string? subjectReference)
    {
        if (patientId is null || subjectReference is not { Length: > 0 } reference) return !requireSubject || patientId is null;
        if (references.TryByFullUrl(reference, out var resolved))
            return resolved is not Patient patient || patient.Id is null || patient.Id == patientId;
        if (reference == patientId) return true;
        var marker = reference.LastIndexOf("Patient/", StringComparison.Ordinal);
        if (marker < 0 || (marker > 0 && reference[marker - 1] != '/')) return true; // not resolvable here: not "another patient"
        var id = reference.AsSpan(marker + "Patient/".Length);
        var slash = id.IndexOf('/');
        return (slash < 0 ? id : id[..slash]).SequenceEqual(patientId);
    }
}
