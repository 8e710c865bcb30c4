namespace BoneCds.Rules.Classification;

/// <summary>PTH, calcium, osteocalcin and eGFR findings, and BHOF 2022 osteoporosis risk (clinical-rules.md).</summary>
public static class MineralAndRiskRules
{
    public static MineralFindings EvaluateMinerals(ClinicalInput input, VitaminDFinding vitaminD, RuleThresholds t)
    {
        var pth = input.Get(Analyte.Pth);
        var calcium = input.Get(Analyte.Calcium);
        var osteocalcin = input.Get(Analyte.Osteocalcin);
        var egfr = input.Get(Analyte.Egfr);

        var pthHigh = pth is { IsStale: false } && pth.IsAbove(t.PthUpper);
        // A high calcium suppresses dosing even when old: safety errs toward caution until it is rechecked.
        var hypercalcaemia = calcium is not null && calcium.IsAbove(t.CalciumHigh);
        var secondary = pthHigh && vitaminD.IsCurrent && vitaminD.Measurement!.IsBelow(t.VitaminDDeficient) && calcium is not null
            && !hypercalcaemia;
        var turnover = osteocalcin is { IsStale: false } && osteocalcin.IsAbove(Threshold.Of(t.OsteocalcinHighAbove));
        // Dialysis or end-stage kidney disease is below every limit, with or without a result (v3).
        var magnesiumWithheld = (egfr is not null && egfr.IsBelow(Threshold.Of(t.MagnesiumMinEgfr))) || input.EndStageKidney.Count > 0;
        return new MineralFindings(pthHigh, secondary, pthHigh && hypercalcaemia, hypercalcaemia, turnover, magnesiumWithheld)
        {
            // v3.1: a low calcium older than its window raises no hypocalcaemia warning, only a recheck line.
            Hypocalcaemia = calcium is { IsStale: false } && calcium.IsBelow(t.CalciumLow),
            StaleLowCalcium = calcium is { IsStale: true } && calcium.IsBelow(t.CalciumLow),
        };
    }

    /// <summary>
    /// BHOF 2022 high risk, for women and men 50+ only (age unknown: applied, as for the primary population): T &lt;= -2.5 at
    /// spine, femur or hip (not the forearm), a hip or vertebral fragility fracture, or osteopenia with FRAX at threshold.
    /// </summary>
    public static RiskFinding EvaluateRisk(ClinicalInput input, BoneDensityFinding density, RuleThresholds t)
    {
        if (input.Patient.AgeYears is not null && !BoneDensityClassifier.IsAtLeastTScoreAge(input.Patient, t))
            return new RiskFinding(RiskLevel.NotHigh, [$"the BHOF high-risk criteria apply to women and men aged {t.TScoreMinAge}+"]);
        var reasons = new List<string>();
        if (density.IsOsteoporotic && !density.FromForearm)
            reasons.Add($"T-score {density.DrivingMeasurement!.Canonical} at {density.DrivingMeasurement.SiteText} <= "
                + $"{t.TScoreOsteoporosisMax}");
        // v3: an osteoporosis diagnosis on record counts as high risk whatever the latest DXA (it persists after treatment raises
        // the T-score, and may rest on a fracture or FRAX: AACE/ACE 2020).
        foreach (var diagnosis in input.OsteoporosisDiagnosisFacts)
            reasons.Add($"osteoporosis diagnosed: {diagnosis.Describe()}");
        foreach (var fracture in input.FragilityFractures.Where(f => f.IsHipOrVertebral))
            reasons.Add($"{fracture.Site.ToString().ToLowerInvariant()} fragility fracture on record: {fracture.Name}");
        if (density.Category == BoneDensityCategory.LowBoneMass)
        {
            var hip = input.Get(Analyte.FraxHip);
            var major = input.Get(Analyte.FraxMajorOsteoporotic);
            if (hip is { IsStale: false } && hip.IsAtLeast(Threshold.Of(t.FraxHipPercent)))
                reasons.Add($"osteopenia with FRAX 10-year hip fracture probability {Measurement.Format(hip.Value)}% >= "
                    + $"{t.FraxHipPercent}%");
            if (major is { IsStale: false } && major.IsAtLeast(Threshold.Of(t.FraxMajorPercent)))
                reasons.Add("osteopenia with FRAX 10-year major osteoporotic fracture probability "
                    + $"{Measurement.Format(major.Value)}% >= {t.FraxMajorPercent}%");
        }
        if (reasons.Count > 0) return new RiskFinding(RiskLevel.High, reasons);
        return density.Category == BoneDensityCategory.NotAssessed
            ? new RiskFinding(RiskLevel.Unknown, ["no usable DXA result and no hip or vertebral fragility fracture on record"])
            : new RiskFinding(RiskLevel.NotHigh, ["no BHOF 2022 treatment threshold met"]);
    }
}
