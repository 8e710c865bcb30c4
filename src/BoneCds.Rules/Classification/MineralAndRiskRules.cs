namespace BoneCds.Rules.Classification;

/// <summary>PTH, calcium, osteocalcin and eGFR findings, and BHOF 2022 osteoporosis risk (clinical-rules.md).</summary>
public static class MineralAndRiskRules
{
    public static MineralFindings EvaluateMinerals(ClinicalInput input, VitaminDFinding vitD, RuleThresholds t)
    {
        var pth = input.Get(Analyte.Pth);
        var ca = input.Get(Analyte.Calcium);
        var oc = input.Get(Analyte.Osteocalcin);
        var egfr = input.Get(Analyte.Egfr);

        var pthHigh = pth is { IsStale: false } && pth.Value > t.PthHigh;
        // A high calcium suppresses dosing even when old: safety errs toward caution until it is rechecked.
        var hyperCa = ca is not null && ca.Value > t.CalciumHighAbove;
        var secondary = pthHigh && vitD.IsCurrent && vitD.Measurement!.Value < t.VitaminDDeficientBelow && ca is not null && !hyperCa;
        var primary = pthHigh && hyperCa;
        var turnover = oc is { IsStale: false } && oc.Value > t.OsteocalcinHighAbove;
        var mgBlocked = egfr is not null && egfr.Value < t.MagnesiumMinEgfr;
        return new MineralFindings(pthHigh, secondary, primary, hyperCa, turnover, mgBlocked);
    }

    public static RiskFinding EvaluateRisk(ClinicalInput input, BoneDensityFinding bmd, RuleThresholds t)
    {
        var reasons = new List<string>();
        if (bmd.IsOsteoporotic)
            reasons.Add($"T-score {bmd.DrivingMeasurement!.Canonical} at {bmd.DrivingMeasurement.Site?.Describe()} <= "
                + $"{t.TScoreOsteoporosisMax}");
        foreach (var f in input.FragilityFractures)
            reasons.Add($"fragility fracture on record: {f}");
        if (bmd.Category == BoneDensityCategory.LowBoneMass)
        {
            var hip = input.Get(Analyte.FraxHip);
            var major = input.Get(Analyte.FraxMajorOsteoporotic);
            if (hip is { IsStale: false } && hip.Value >= t.FraxHipPercent)
                reasons.Add($"osteopenia with FRAX 10-year hip fracture probability {Measurement.Format(hip.Value)}% >= "
                    + $"{t.FraxHipPercent}%");
            if (major is { IsStale: false } && major.Value >= t.FraxMajorPercent)
                reasons.Add($"osteopenia with FRAX 10-year major osteoporotic fracture probability {Measurement.Format(major.Value)}% >= "
                    + $"{t.FraxMajorPercent}%");
        }
        if (reasons.Count > 0) return new RiskFinding(RiskLevel.High, reasons);
        return bmd.Category == BoneDensityCategory.NotAssessed
            ? new RiskFinding(RiskLevel.Unknown, ["no usable DXA result and no fragility fracture on record"])
            : new RiskFinding(RiskLevel.NotHigh, ["no BHOF 2022 treatment threshold met"]);
    }
}
