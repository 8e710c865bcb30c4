using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>Conditions: fragility fractures on record (<see cref="ConditionCatalog"/>).</summary>
public static class ConditionReader
{
    public static List<string> ReadFragilityFractures(IReadOnlyList<Resource> all, string? subjectId, List<RejectedInput> rejected)
    {
        var fractures = new List<string>();
        foreach (var condition in all.OfType<Condition>())
            FhirReadGuard.Run(condition, rejected, () =>
            {
                if (SubjectReference.BelongsTo(condition.Subject, subjectId) && Counts(condition) && IsFragilityFracture(condition.Code))
                    fractures.Add(NameOf(condition.Code!));
            });
        return fractures;
    }

    private static bool IsFragilityFracture(CodeableConcept? code)
    {
        if (code is null) return false;
        var text = string.Join(" ",
            new[] { code.Text }.Concat(code.Coding.Select(c => c.Display)).Where(t => t is not null)).ToLowerInvariant();
        return ConditionCatalog.IsFragilityFracture(code.Coding.Select(c => (c.System, c.Code)), text);
    }

    private static string NameOf(CodeableConcept code) =>
        code.Text ?? code.Coding.FirstOrDefault()?.Display ?? code.Coding.FirstOrDefault()?.Code ?? "fragility fracture";

    /// <summary>A past fracture stays relevant to risk even when "resolved"; refuted or entered-in-error ones do not count.</summary>
    private static bool Counts(Condition condition)
    {
        var status = condition.ClinicalStatus?.Coding.FirstOrDefault()?.Code;
        var verification = condition.VerificationStatus?.Coding.FirstOrDefault()?.Code;
        return verification is not ("refuted" or "entered-in-error") && status is not "inactive";
    }
}
