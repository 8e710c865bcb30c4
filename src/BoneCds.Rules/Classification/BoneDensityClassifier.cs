using BoneCds.Rules.Inputs;

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

    public static bool UsesTScore(PatientFacts p, RuleThresholds t) =>
        p.AgeYears is null || p.Sex is Sex.Unknown or Sex.Other || p.AgeYears >= t.TScoreMinAge;

    public static BoneDensityFinding Evaluate(ClinicalInput input, RuleThresholds t)
    {
        if (UsesTScore(input.Patient, t))
        {
            var lowest = input.LatestTScores.OrderBy(m => m.Value).FirstOrDefault();
            if (lowest is null) return new BoneDensityFinding(BoneDensityCategory.NotAssessed, null, null, "T-score");
            var category = Categorise(lowest.Value, input.FragilityFractures.Count > 0, t);
            return new BoneDensityFinding(category, RuleIdFor(category), lowest, "T-score");
        }
        var lowestZ = input.LatestZScores.OrderBy(m => m.Value).FirstOrDefault();
        if (lowestZ is null) return new BoneDensityFinding(BoneDensityCategory.NotAssessed, null, null, "Z-score");
        var z = lowestZ.Value <= t.ZScoreBelowExpectedMax ? BoneDensityCategory.BelowExpectedRangeForAge : BoneDensityCategory.WithinExpectedRangeForAge;
        return new BoneDensityFinding(z, RuleIdFor(z), lowestZ, "Z-score");
    }

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
