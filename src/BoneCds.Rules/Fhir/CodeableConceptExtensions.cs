using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

public static class CodeableConceptExtensions
{
    /// <summary>
    /// The codings of a concept, without the JSON nulls Firely keeps in an array such as <c>"coding": [null, {...}]</c> (not FHIR,
    /// but it must never fail a read).
    /// </summary>
    public static IEnumerable<Coding> Codings(this CodeableConcept? concept) =>
        concept?.Coding.Where(c => c is not null) ?? [];
}
