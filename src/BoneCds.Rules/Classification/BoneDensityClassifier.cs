namespace BoneCds.Rules.Classification;

/// <summary>
/// WHO/ISCD categories from the lowest T-score among lumbar spine, femur/femoral neck and total hip; the forearm only when
/// none of those is on record (v2). T-score categories apply from age 50 whatever the recorded sex; under 50 the Z-score is
/// used (Z &lt;= -2.0 "below the expected range for age"), never the T-score categories. With age unknown, T-score categories
/// are applied (the service's primary population) and the card says so.
/// </summary>
public static class BoneDensityClassifier
{
    public static BoneDensityCategory Categorise(decimal tScore, bool fragilityFracture, RuleThresholds t) =>
        Categorise(tScore <= t.TScoreOsteoporosisMax, tScore < t.TScoreNormalMin, fragilityFracture);

    private static BoneDensityCategory Categorise(bool osteoporotic, bool low, bool fragilityFracture) =>
        osteoporotic ? fragilityFracture ? BoneDensityCategory.SevereOsteoporosis : BoneDensityCategory.Osteoporosis
        : low ? BoneDensityCategory.LowBoneMass
        : BoneDensityCategory.Normal;

    /// <summary>The age-50 rule, written once: T-score categories and the BHOF criteria from this age.</summary>
    public static bool IsAtLeastTScoreAge(PatientFacts patient, RuleThresholds t) => patient.AgeYears >= t.TScoreMinAge;

    /// <summary>T-score categories from 50 whatever the recorded sex (including other or unknown); with age unknown too.</summary>
    public static bool UsesTScore(PatientFacts patient, RuleThresholds t) => patient.AgeYears is null || IsAtLeastTScoreAge(patient, t);

    public static DensityScore ScoreFor(PatientFacts patient, RuleThresholds t) => UsesTScore(patient, t)
        ? DensityScore.TScore : DensityScore.ZScore;

    public static BoneDensityFinding Evaluate(ClinicalInput input, RuleThresholds t)
    {
        var score = ScoreFor(input.Patient, t);
        var scores = input.ScoresFor(score);
        var central = scores.Where(m => m.Site?.IsCentral() == true).ToList();
        var pool = central.Count > 0 ? central : scores.Where(m => m.Site == SkeletalSite.Forearm).ToList();
        var lowest = pool.OrderBy(m => m.ComparedValue()).FirstOrDefault();
        if (lowest is null) return new BoneDensityFinding(BoneDensityCategory.NotAssessed, null, null, score);
        var category = score == DensityScore.TScore
            ? Categorise(lowest.IsAtMost(Threshold.Of(t.TScoreOsteoporosisMax)), lowest.IsBelow(Threshold.Of(t.TScoreNormalMin)),
                input.FragilityFractures.Count > 0)
            : lowest.IsAtMost(Threshold.Of(t.ZScoreBelowExpectedMax))
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
