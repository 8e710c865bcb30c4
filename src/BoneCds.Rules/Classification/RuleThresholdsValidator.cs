namespace BoneCds.Rules.Classification;

/// <summary>Thresholds a site configures must still make sense together; the host refuses to start otherwise.</summary>
public static class RuleThresholdsValidator
{
    public static IReadOnlyList<string> Problems(RuleThresholds t)
    {
        var problems = new List<string>();
        if (!(t.VitaminDSevereBelow < t.VitaminDDeficientBelow && t.VitaminDDeficientBelow < t.VitaminDInsufficientBelow
              && t.VitaminDInsufficientBelow <= t.VitaminDSufficientMax && t.VitaminDSufficientMax < t.VitaminDHighMax))
            problems.Add("vitamin D thresholds must increase: severe < deficient < insufficient <= sufficient max < high max");
        if (!(t.TScoreOsteoporosisMax < t.TScoreNormalMin))
            problems.Add("T-score osteoporosis threshold must be below the normal threshold");
        if (!(t.VitaminDSevereBelowNmol < t.VitaminDDeficientBelowNmol && t.VitaminDDeficientBelowNmol < t.VitaminDInsufficientBelowNmol
              && t.VitaminDInsufficientBelowNmol <= t.VitaminDSufficientMaxNmol && t.VitaminDSufficientMaxNmol < t.VitaminDHighMaxNmol))
            problems.Add("vitamin D nmol/L thresholds must increase in the same order");
        if (!(t.PthLow < t.PthHigh) || !(t.PthLowPmol < t.PthHighPmol)) problems.Add("PTH reference range is inverted");
        if (!(t.CalciumLowBelow < t.CalciumHighAbove) || !(t.CalciumLowBelowMmol < t.CalciumHighAboveMmol))
            problems.Add("calcium reference range is inverted");
        var s = t.Staleness;
        if (new[] { s.VitaminDMonths, s.DxaMonths, s.PthCalciumOsteocalcinMonths, s.EgfrMonths, s.FraxMonths }.Any(m => m is < 1 or > 240))
            problems.Add("staleness windows must be between 1 and 240 months");
        if (t.FraxHipPercent is <= 0 or > 100 || t.FraxMajorPercent is <= 0 or > 100)
            problems.Add("FRAX thresholds must be percentages above 0 and at most 100");
        if (new[] { t.MagnesiumMinEgfr, t.BisphosphonateMinEgfr, t.IbandronateMinEgfr, t.RisedronateMinEgfr, t.DenosumabMinEgfr }
            .Any(v => v is <= 0 or > 200))
            problems.Add("kidney limits (eGFR and creatinine clearance) must be above 0 and at most 200 mL/min");
        if (t.OsteocalcinHighAbove <= 0 || t.PthLow <= 0 || t.PthLowPmol <= 0 || t.CalciumLowBelow <= 0 || t.CalciumLowBelowMmol <= 0
            || t.VitaminDSevereBelow <= 0 || t.VitaminDSevereBelowNmol <= 0)
            problems.Add("laboratory thresholds must be positive");
        if (t.TScoreMinAge is < 18 or > 100 || t.VitaminDEmpiricAge is < 18 or > 120)
            problems.Add("ages must be adult ages (TScoreMinAge 18-100, VitaminDEmpiricAge 18-120)");
        if (!(0 < t.DenosumabDueDays && t.DenosumabDueDays <= t.DenosumabOverdueAfterDays))
            problems.Add("denosumab days must be positive and due <= overdue (v4)");
        if (new[] { t.DenosumabFollowYears, t.OralBisphosphonateReviewYears, t.ZoledronicAcidReviewYears, t.ZoledronicAcidReviewInfusions,
                t.ZoledronicAcidCurrentMonths, t.AnabolicFollowOnMonths, t.GlucocorticoidMinMonths, t.RecentFractureMonths,
                t.RomosozumabCardiovascularMonths, t.RomosozumabMaxDoses, t.PthAnalogueMaxYears, s.AlkalinePhosphataseMonths }
            .Any(v => v is < 1 or > 240))
            problems.Add("v4 course years, months and dose counts must be between 1 and 240");
        if (!(0 < t.AlkalinePhosphataseLow && t.AlkalinePhosphataseLow < t.AlkalinePhosphataseHigh))
            problems.Add("alkaline phosphatase range must be positive and not inverted");
        if (!(t.TScoreVeryHighMax <= t.TScoreOsteoporosisMax) || t.GlucocorticoidMinPrednisoneMgPerDay <= 0
            || t.FraxHipVeryHighAbovePercent is <= 0 or > 100 || t.FraxMajorVeryHighAbovePercent is <= 0 or > 100)
            problems.Add("very-high-risk and glucocorticoid thresholds are out of range (v4)");
        return problems;
    }
}
