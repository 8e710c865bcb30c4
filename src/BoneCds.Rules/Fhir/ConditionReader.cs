using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>Conditions: fragility fractures and osteoporosis diagnoses on record (<see cref="ConditionCatalog"/>).</summary>
public static class ConditionReader
{
    public sealed record Result(List<FractureFact> Fractures, List<string> OsteoporosisDiagnoses, List<string> KidneyStones)
    {
        public List<string> EndStageKidney { get; } = [];
        public List<string> AcuteKidneyInjury { get; } = [];
    }

    /// <summary>
    /// Whatever the clinical status (a healed hip fracture is still a fracture history); refuted or entered-in-error
    /// conditions do not count.
    /// </summary>
    public static Result Read(IReadOnlyList<Resource> all, SubjectReference subject, List<RejectedInput> rejected)
    {
        var result = new Result([], [], []);
        foreach (var condition in all.OfType<Condition>())
            FhirReadGuard.Run(condition, rejected, () =>
            {
                if (condition.Code is not { } code || Meaning(code) is not { } meaning) return;
                var source = FhirResourceParser.Describe(condition);
                if (subject.Problem(condition.Subject) is { } problem)
                {
                    rejected.Add(new RejectedInput(source, problem, RejectionKind.Subject));
                    return;
                }
                if (IsRefuted(condition)) return;
                if (meaning.Fracture is { } site) result.Fractures.Add(new FractureFact(NameOf(code), site, source));
                if (meaning.Osteoporosis) result.OsteoporosisDiagnoses.Add(NameOf(code));
                if (meaning.KidneyStone) result.KidneyStones.Add(NameOf(code));
                if (meaning.EndStageKidney) result.EndStageKidney.Add(NameOf(code));
                // An acute kidney injury counts while it is current (resolved ones do not); no status is taken as current.
                if (meaning.AcuteKidneyInjury && condition.ClinicalStatus.Codings().FirstOrDefault()?.Code is null or "active"
                    or "recurrence" or "relapse") result.AcuteKidneyInjury.Add(NameOf(code));
            });
        return result;
    }

    private static ConditionMeaning? Meaning(CodeableConcept code)
    {
        var text = string.Join(" ", new[] { code.Text }.Concat(code.Codings().Select(c => c.Display)).Where(t => t is not null));
        return ConditionCatalog.Meaning(code.Codings().Select(c => (c.System, c.Code)), text);
    }

    private static string NameOf(CodeableConcept code) =>
        code.Text ?? code.Codings().FirstOrDefault()?.Display ?? code.Codings().FirstOrDefault()?.Code ?? "condition";

    private static bool IsRefuted(Condition condition) =>
        condition.VerificationStatus.Codings().FirstOrDefault()?.Code is "refuted" or "entered-in-error";
}
