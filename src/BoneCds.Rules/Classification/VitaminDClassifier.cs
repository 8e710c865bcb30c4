namespace BoneCds.Rules.Classification;

/// <summary>Vitamin D tiers on 25(OH)D in ng/mL (clinical-rules.md; Endocrine Society 2011, Chen 2024).</summary>
public static class VitaminDClassifier
{
    public static (VitaminDTier Tier, string RuleId) Classify(decimal ngPerMl, RuleThresholds t)
    {
        if (ngPerMl < t.VitaminDSevereBelow) return (VitaminDTier.SevereDeficiency, RuleIds.VitDSevere);
        if (ngPerMl < t.VitaminDDeficientBelow) return (VitaminDTier.ModerateDeficiency, RuleIds.VitDDeficient);
        if (ngPerMl < t.VitaminDInsufficientBelow) return (VitaminDTier.Insufficiency, RuleIds.VitDInsufficient);
        if (ngPerMl <= t.VitaminDSufficientMax) return (VitaminDTier.Sufficiency, RuleIds.VitDSufficient);
        if (ngPerMl <= t.VitaminDHighMax) return (VitaminDTier.High, RuleIds.VitDHigh);
        return (VitaminDTier.PotentialToxicity, RuleIds.VitDToxic);
    }

    public static VitaminDFinding Evaluate(ClinicalInput input, RuleThresholds t)
    {
        var m = input.Get(Analyte.VitaminD25OH);
        if (m is null) return new VitaminDFinding(VitaminDTier.Unknown, null, null);
        var (tier, rule) = Classify(m.Value, t);
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
        VitaminDTier.SevereDeficiency => $"< {t.VitaminDSevereBelow} ng/mL (< {t.ToNmol(t.VitaminDSevereBelow)} nmol/L)",
        VitaminDTier.ModerateDeficiency => $"{t.VitaminDSevereBelow} to < {t.VitaminDDeficientBelow} ng/mL",
        VitaminDTier.Insufficiency => $"{t.VitaminDDeficientBelow} to < {t.VitaminDInsufficientBelow} ng/mL",
        VitaminDTier.Sufficiency => $"{t.VitaminDInsufficientBelow} to {t.VitaminDSufficientMax} ng/mL",
        VitaminDTier.High => $"> {t.VitaminDSufficientMax} to {t.VitaminDHighMax} ng/mL",
        VitaminDTier.PotentialToxicity => $"> {t.VitaminDHighMax} ng/mL (> {t.ToNmol(t.VitaminDHighMax)} nmol/L)",
        _ => "n/a",
    };
}
