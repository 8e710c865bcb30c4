using BoneCds.Rules.Assessment;
using BoneCds.Rules.Cards;
using BoneCds.Rules.Cards.Contract;
using BoneCds.Rules.Classification;

namespace BoneCds.Rules.Suppression;

/// <summary>
/// Whether a card may be suppressed by an override, for at most how long, and the evidence it rested on (clinical-rules.md
/// v3 "Remembering the clinician's decisions"). The evidence is a plain string here; the service stores only a keyed hash
/// of it, so a newer result (or a changed tier) no longer matches and re-arms the card.
/// </summary>
public sealed record Suppressibility(bool Allowed, int? MaxDays, string Evidence)
{
    public static readonly Suppressibility Never = new(false, null, "");
}

public static class SuppressionPolicy
{
    /// <summary>Caps (BHOF 2022 imminent-risk year; severe deficiency): at most this many days.</summary>
    public const int CapDays = 90;

    public static bool IsOrderCheck(string ruleId) => ruleId.StartsWith("ORDER-", StringComparison.Ordinal);

    /// <summary>Safety warnings and cards about the data itself: never suppressed, whatever the feedback.</summary>
    public static bool IsSafetyRule(string ruleId) => ruleId.StartsWith("SAFETY-", StringComparison.Ordinal)
        || ruleId.StartsWith("INPUT-", StringComparison.Ordinal)
        || ruleId is RuleIds.VitDToxic or RuleIds.VitDHigh or RuleIds.CaHypercalcaemia or RuleIds.CaHypocalcaemia
            or RuleIds.PthPrimaryHpt or RuleIds.PatientDeceased || IsCourseSafetyRule(ruleId);

    /// <summary>v4 safety warnings on a treatment course: never suppressed, though a refusal may be recorded against them.</summary>
    public static bool IsCourseSafetyRule(string ruleId) => ruleId is RuleIds.DmabOverdue or RuleIds.AnabolicFollowOn;

    public static bool IsTestingRule(string ruleId) =>
        ruleId is RuleIds.VitDTestNeeded or RuleIds.VitDStale or RuleIds.BmdStale or RuleIds.CaLowStale or RuleIds.FraxWithoutDxa;

    public static bool IsTreatmentRule(string ruleId) =>
        ruleId is RuleIds.TreatPharmacological or RuleIds.TreatDrugHoliday or RuleIds.RiskHigh or RuleIds.TreatOnTherapy
            or RuleIds.DmabDue or RuleIds.BpDuration or RuleIds.GcOsteoporosis or RuleIds.RiskVeryHigh;

    private static bool IsVitaminDRule(string ruleId) => ruleId.StartsWith("VITD-", StringComparison.Ordinal);

    private static bool IsMineralRule(string ruleId) => ruleId.StartsWith("PTH-", StringComparison.Ordinal)
        || ruleId.StartsWith("CA-", StringComparison.Ordinal) || ruleId.StartsWith("OC-", StringComparison.Ordinal)
        || ruleId.StartsWith("SUPP-", StringComparison.Ordinal);

    /// <summary>What an override of this card may do, for this patient's assessment.</summary>
    public static Suppressibility For(CdsCard card, BoneHealthAssessment assessment)
    {
        var rule = card.RuleId;
        if (card.Indicator == Indicators.Critical || IsOrderCheck(rule) || IsSafetyRule(rule)) return Suppressibility.Never;
        // A fracture in the imminent-risk year (v4 reads its onset, else recorded date; one with no date counts, the safe reading):
        // bone cards for an untreated one are never suppressed, and every card for such a patient is capped.
        var since = assessment.Input.EvaluatedAt.AddMonths(-12);
        var fracture = assessment.Input.FragilityFractures.Any(f => f.On is null || f.On >= since);
        var bone = !IsVitaminDRule(rule) && !IsMineralRule(rule);
        if (bone && fracture && assessment.AntiOsteoporosisTherapy.Count == 0) return Suppressibility.Never;
        int? cap = fracture || rule == RuleIds.VitDSevere ? CapDays : null;
        return new Suppressibility(true, cap, Evidence(rule, assessment));
    }

    /// <summary>The results a card's family rests on: 25(OH)D for vitamin D cards; DXA, FRAX and fractures for bone cards.</summary>
    public static string Evidence(string ruleId, BoneHealthAssessment a)
    {
        var input = a.Input;
        string When(Inputs.Analyte analyte) => input.Latest.TryGetValue(analyte, out var m) ? m.EffectiveAt.ToString("O") : "-";
        if (IsVitaminDRule(ruleId)) return $"vitd|{a.VitaminD.Tier}|{When(Inputs.Analyte.VitaminD25OH)}";
        // v4 course cards rest on the course: a new dose or order (a later last record) re-arms them.
        if (CourseOf(ruleId, a.Courses) is { } course) return $"course|{ruleId}|{course.Start:O}|{course.LastRecord:O}|{course.Doses}";
        if (IsMineralRule(ruleId))
            return $"minerals|{When(Inputs.Analyte.Calcium)}|{When(Inputs.Analyte.Pth)}|{When(Inputs.Analyte.Osteocalcin)}";
        var dxa = input.LatestTScores.Concat(input.LatestZScores).Select(m => m.EffectiveAt).DefaultIfEmpty().Max();
        return $"bone|{a.BoneDensity.Category}|{dxa:O}|{When(Inputs.Analyte.FraxHip)}|{When(Inputs.Analyte.FraxMajorOsteoporotic)}"
            + $"|{input.FragilityFractures.Count}|{a.AntiOsteoporosisTherapy.Count}";
    }

    private static Courses.TreatmentCourse? CourseOf(string ruleId, Courses.CourseFindings f) => ruleId switch
    {
        RuleIds.DmabDue => f.Denosumab?.Course,
        RuleIds.BpDuration => f.BisphosphonateForReview,
        RuleIds.GcOsteoporosis => f.Glucocorticoid?.Course,
        _ => null,
    };

    /// <summary>
    /// "Consider pharmacological therapy" is never hidden: after a refusal or preference code it becomes one line of info
    /// ("high fracture risk, untreated: declined on DATE") until it re-arms.
    /// </summary>
    public static bool DowngradesInsteadOfHiding(string ruleId) => ruleId == RuleIds.TreatPharmacological;

    public static CdsCard Downgraded(CdsCard card, DateTimeOffset declinedOn) => card with
    {
        Summary = $"High fracture risk, untreated: declined on {declinedOn:yyyy-MM-dd}",
        Indicator = Indicators.Info,
        Detail = null,
        Suggestions = null,
        SelectionBehavior = null,
        OverrideReasons = null,
    };
}
