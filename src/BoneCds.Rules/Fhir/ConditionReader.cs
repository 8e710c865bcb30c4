using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>Conditions: fragility fractures and osteoporosis diagnoses on record (<see cref="ConditionCatalog"/>).</summary>
public static class ConditionReader
{
    public sealed record Result(List<FractureFact> Fractures, List<string> OsteoporosisDiagnoses, List<string> KidneyStones)
    {
        public List<string> EndStageKidney { get; } = [];
        public List<DiagnosisFact> OsteoporosisFacts { get; } = [];
        public List<string> Osteopenia { get; } = [];
        public List<string> OsteoporosisNotUsed { get; } = [];
        public List<string> AcuteKidneyInjury { get; } = [];
        public List<(OrderCheckCondition, DiagnosisFact)> OrderCheckConditions { get; } = [];
    }

    /// <summary>
    /// Whatever the clinical status (a healed hip fracture is still a fracture history); refuted or entered-in-error
    /// conditions do not count.
    /// </summary>
    /// <param name="ageYears">The patient's age: wrist, humerus, pelvis and rib fractures count only at 50+ (v3.1).</param>
    public static Result Read(IReadOnlyList<Resource> all, SubjectReference subject, List<RejectedInput> rejected, int? ageYears = null,
        int fragilityAge = 50)
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
                var verification = condition.VerificationStatus.Codings().FirstOrDefault()?.Code;
                if (meaning.Osteoporosis && verification is "provisional" or "differential" or "unconfirmed" or "refuted"
                    or "entered-in-error")
                    result.OsteoporosisNotUsed.Add($"{NameOf(code)} [{source}]: verification status {verification}, not counted");
                if (IsRefuted(condition)) return;
                if (meaning.Fracture is { } site && !meaning.LikelyFragilityAt50)
                    result.Fractures.Add(new FractureFact(NameOf(code), site, source) { On = OnsetOrRecorded(condition) });
                else if (meaning.Fracture is { } likely && ageYears >= fragilityAge)
                    result.Fractures.Add(new FractureFact($"{NameOf(code)} (fragility fracture likely: confirm low trauma)", likely,
                        source) { On = OnsetOrRecorded(condition) });
                if (meaning.OrderCheck != OrderCheckCondition.None)
                    result.OrderCheckConditions.Add((meaning.OrderCheck,
                        new DiagnosisFact(NameOf(code), CodeOf(code), OnsetOrRecorded(condition), source)));
                if (meaning.Osteoporosis && verification is not ("provisional" or "differential" or "unconfirmed"))
                {
                    result.OsteoporosisDiagnoses.Add(NameOf(code));
                    result.OsteoporosisFacts.Add(new DiagnosisFact(NameOf(code), CodeOf(code), RecordedOn(condition), source));
                }
                if (meaning.KidneyStone) result.KidneyStones.Add(NameOf(code));
                if (meaning.Osteopenia && verification is not ("provisional" or "differential" or "unconfirmed"))
                    result.Osteopenia.Add(NameOf(code));
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

    /// <summary>The first catalogue-relevant code as written ("M81.0", "64859006").</summary>
    private static string? CodeOf(CodeableConcept code) => code.Codings().FirstOrDefault(c => c.Code is not null)?.Code;

    /// <summary>When the diagnosis was recorded: recordedDate, else the onset date.</summary>
    private static DateTimeOffset? RecordedOn(Condition condition)
    {
        var when = condition.RecordedDateElement?.Value ?? (condition.Onset as FhirDateTime)?.Value;
        return FhirDates.TryParse(when, out var on) ? on : null;
    }

    /// <summary>When it happened (v4): the onset date (or onset period's start), else the recorded date.</summary>
    private static DateTimeOffset? OnsetOrRecorded(Condition condition)
    {
        var when = condition.Onset switch { FhirDateTime onset => onset.Value, Period period => period.Start, _ => null }
            ?? condition.RecordedDateElement?.Value;
        return FhirDates.TryParse(when, out var on) ? on : null;
    }

    private static bool IsRefuted(Condition condition) =>
        condition.VerificationStatus.Codings().FirstOrDefault()?.Code is "refuted" or "entered-in-error";
}
