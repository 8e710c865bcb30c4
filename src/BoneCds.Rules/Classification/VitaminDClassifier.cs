namespace BoneCds.Rules.Classification;

/// <summary>
/// Vitamin D tiers on 25(OH)D (clinical-rules.md; Endocrine Society 2011, Chen 2024), compared in the reported unit: a
/// result in nmol/L against the nmol/L bounds (v2), "&lt;x"/"&gt;x" in the tier beyond their bound.
/// </summary>
public static class VitaminDClassifier
{
    /// <summary>The tier of a plain value in ng/mL.</summary>
    public static (VitaminDTier Tier, string RuleId) Classify(decimal ngPerMl, RuleThresholds t) => Tier(ngPerMl, b => b.Conventional, t);

    /// <summary>The tier of a result, in its reported unit and with its comparator.</summary>
    public static (VitaminDTier Tier, string RuleId) Classify(Measurement m, RuleThresholds t) => Tier(m.ComparedValue(), b => b.For(m), t);

    private static (VitaminDTier Tier, string RuleId) Tier(decimal value, Func<Threshold, decimal> bound, RuleThresholds t)
    {
        if (value < bound(t.VitaminDSevere)) return (VitaminDTier.SevereDeficiency, RuleIds.VitDSevere);
        if (value < bound(t.VitaminDDeficient)) return (VitaminDTier.ModerateDeficiency, RuleIds.VitDDeficient);
        if (value < bound(t.VitaminDInsufficient)) return (VitaminDTier.Insufficiency, RuleIds.VitDInsufficient);
        if (value <= bound(t.VitaminDSufficient)) return (VitaminDTier.Sufficiency, RuleIds.VitDSufficient);
        if (value <= bound(t.VitaminDHigh)) return (VitaminDTier.High, RuleIds.VitDHigh);
        return (VitaminDTier.PotentialToxicity, RuleIds.VitDToxic);
    }

    public static VitaminDFinding Evaluate(ClinicalInput input, RuleThresholds t)
    {
        var m = input.Get(Analyte.VitaminD25OH);
        if (m is null) return new VitaminDFinding(VitaminDTier.Unknown, null, null);
        var (tier, rule) = Classify(m, t);
        return new VitaminDFinding(tier, rule, m);
    }

    public static string Describe(VitaminDTier tier) => tier switch
    {
        VitaminDTier.SevereDeficiency => "severe deficiency",
        VitaminDTier.ModerateDeficiency => "moderate deficiency",
        VitaminDTier.Insufficiency => "insufficiency",
        VitaminDTier.Sufficiency => "sufficiency",
        VitaminDTier.High => "high",
        VitaminDTier.PotentialToxicity => "potential toxicity",
        _ => "unknown (no usable result)",
    };

    public static string RangeText(VitaminDTier tier, RuleThresholds t) => tier switch
    {
        VitaminDTier.SevereDeficiency => $"< {t.VitaminDSevereBelow} ng/mL (< {t.VitaminDSevereBelowNmol} nmol/L)",
        VitaminDTier.ModerateDeficiency =>
            $"{t.VitaminDSevereBelow} to < {t.VitaminDDeficientBelow} ng/mL ({t.VitaminDSevereBelowNmol} to < "
                + $"{t.VitaminDDeficientBelowNmol} nmol/L)",
        VitaminDTier.Insufficiency => $"{t.VitaminDDeficientBelow} to < {t.VitaminDInsufficientBelow} ng/mL "
            + $"({t.VitaminDDeficientBelowNmol} to < {t.VitaminDInsufficientBelowNmol} nmol/L)",
        VitaminDTier.Sufficiency => $"{t.VitaminDInsufficientBelow} to {t.VitaminDSufficientMax} ng/mL "
            + $"({t.VitaminDInsufficientBelowNmol} to {t.VitaminDSufficientMaxNmol} nmol/L)",
        VitaminDTier.High => $"> {t.VitaminDSufficientMax} to {t.VitaminDHighMax} ng/mL (> {t.VitaminDSufficientMaxNmol} to "
            + $"{t.VitaminDHighMaxNmol} nmol/L)",
        VitaminDTier.PotentialToxicity => $"> {t.VitaminDHighMax} ng/mL (> {t.VitaminDHighMaxNmol} nmol/L)",
        _ => "n/a",
    };
}
