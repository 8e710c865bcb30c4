namespace BoneCds.Rules.Classification;

/// <summary>
/// WHO/ISCD categories from the lowest T-score among lumbar spine, femoral neck, total hip (and 33% radius).
/// T-scores apply to postmenopausal women and men 50+; otherwise the Z-score is used (Z &lt;= -2.0 "below the
/// expected range for age"), never the T-score categories. With age or sex unknown, T-score categories are
/// applied (the service's primary population) and the card says so.
/// </summary>
public static class BoneDensityClassifier
{
    public static BoneDensityCategory Categorise(decimal tScore, bool fragilityFracture, RuleThresholds t)
    {
        if (tScore <= t.TScoreOsteoporosisMax)
            return fragilityFracture ? BoneDensityCategory.SevereOsteoporosis : BoneDensityCategory.Osteoporosis;
        if (tScore < t.TScoreNormalMin) return BoneDensityCategory.LowBoneMass;
        return BoneDensityCategory.Normal;
    }

    /// <summary>The age-50 rule, written once: T-score categories from this age (and when age or sex is unknown).</summary>
    public static bool IsAtLeastTScoreAge(PatientFacts patient, RuleThresholds t) => patient.AgeYears >= t.TScoreMinAge;

    public static bool UsesTScore(PatientFacts patient, RuleThresholds t) =>
        patient.AgeYears is null || patient.Sex is Sex.Unknown or Sex.Other || IsAtLeastTScoreAge(patient, t);

    public static DensityScore ScoreFor(PatientFacts patient, RuleThresholds t) => UsesTScore(patient, t)
        ? DensityScore.TScore : DensityScore.ZScore;

    public static BoneDensityFinding Evaluate(ClinicalInput input, RuleThresholds t)
    {
        var score = ScoreFor(input.Patient, t);
        var lowest = input.ScoresFor(score).OrderBy(m => m.Value).FirstOrDefault();
        if (lowest is null) return new BoneDensityFinding(BoneDensityCategory.NotAssessed, null, null, score);
        var category = score == DensityScore.TScore
            ? Categorise(lowest.Value, input.FragilityFractures.Count > 0, t)
            : lowest.Value <= t.ZScoreBelowExpectedMax
            ? BoneDensityCategory.BelowExpectedRangeForAge : BoneDensityCategory.WithinExpectedRangeForAge;
        return new BoneDensityFinding(category, RuleIdFor(category), lowest, score);
    }

    /// <summary>The WHO/ISCD T-score categories, written once for cards and rule hits.</summary>
    public static string CategoriesText(RuleThresholds t) =>
        $"normal >= {t.TScoreNormalMin}; osteopenia < {t.TScoreNormalMin} and > {t.TScoreOsteoporosisMax}; osteoporosis <= "
            + $"{t.TScoreOsteoporosisMax}";

    public static string? RuleIdFor(BoneDensityCategory c) => c switch
    {
        BoneDensityCategory.Normal => RuleIds.BmdNormal,
        BoneDensityCategory.LowBoneMass => RuleIds.BmdOsteopenia,
        BoneDensityCategory.Osteoporosis => RuleIds.BmdOsteoporosis,
        BoneDensityCategory.SevereOsteoporosis => RuleIds.BmdSevereOsteoporosis,
        BoneDensityCategory.BelowExpectedRangeForAge => RuleIds.BmdZScoreLow,
        BoneDensityCategory.WithinExpectedRangeForAge => RuleIds.BmdZScoreNormal,
        _ => null,
    };

    public static string Describe(BoneDensityCategory c) => c switch
    {
        BoneDensityCategory.Normal => "normal bone density",
        BoneDensityCategory.LowBoneMass => "low bone mass (osteopenia)",
        BoneDensityCategory.Osteoporosis => "osteoporosis",
        BoneDensityCategory.SevereOsteoporosis => "severe (established) osteoporosis",
        BoneDensityCategory.BelowExpectedRangeForAge => "bone density below the expected range for age",
        BoneDensityCategory.WithinExpectedRangeForAge => "bone density within the expected range for age",
        _ => "not assessed (no usable DXA result)",
    };
}
