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
        if (t.Staleness.VitaminDMonths <= 0 || t.Staleness.DxaMonths <= 0 || t.Staleness.PthCalciumOsteocalcinMonths <= 0)
            problems.Add("staleness windows must be positive");
        return problems;
    }
}
