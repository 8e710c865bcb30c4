namespace BoneCds.Rules.Assessment;

/// <summary>Runs every classification over a <see cref="ClinicalInput"/> and records which rules fired with what values.</summary>
public sealed class AssessmentEngine(RuleThresholds thresholds)
{
    public RuleThresholds Thresholds => thresholds;

    public BoneHealthAssessment Evaluate(ClinicalInput input)
    {
        var t = thresholds;
        var vitD = VitaminDClassifier.Evaluate(input, t);
        var bmd = BoneDensityClassifier.Evaluate(input, t);
        var minerals = MineralAndRiskRules.EvaluateMinerals(input, vitD, t);
        var risk = MineralAndRiskRules.EvaluateRisk(input, bmd, t);
        var hits = new List<RuleHit>();

        if (vitD.Measurement is { } vitaminD)
        {
            hits.Add(new RuleHit(vitD.RuleId!, $"vitamin D {VitaminDClassifier.Describe(vitD.Tier)}",
                [Value("25(OH)D", vitaminD)], VitaminDClassifier.RangeText(vitD.Tier, t), Sources.EndocrineSociety2011.Label));
            if (vitaminD.IsStale)
                hits.Add(new RuleHit(RuleIds.VitDStale, "25(OH)D result is stale: not used for dosing",
                    [Value("25(OH)D", vitaminD)], $"older than {t.Staleness.VitaminDMonths} months", Sources.EndocrineSociety2011.Label));
        }
        if (bmd.DrivingMeasurement is { } driving)
        {
            var scoreName = bmd.Score == DensityScore.TScore ? "T-score" : "Z-score";
            var threshold = bmd.Score == DensityScore.TScore
                ? BoneDensityClassifier.CategoriesText(t)
                : $"Z-score <= {t.ZScoreBelowExpectedMax} is below the expected range for age";
            var values = input.ScoresFor(bmd.Score).Select(m => Value($"{scoreName} {m.Site?.Describe()}", m)).ToList();
            hits.Add(new RuleHit(bmd.RuleId!,
                $"{BoneDensityClassifier.Describe(bmd.Category)} (lowest {scoreName} at {driving.Site?.Describe()})",
                values, threshold, Sources.WhoIscd.Label));
            if (driving.IsStale)
                hits.Add(new RuleHit(RuleIds.BmdStale, "DXA result is stale: not used for supplement dosing", [Value(scoreName, driving)],
                    $"older than {t.Staleness.DxaMonths} months", Sources.WhoIscd.Label));
        }

        var pth = input.Get(Analyte.Pth);
        var ca = input.Get(Analyte.Calcium);
        if (minerals.SecondaryHyperparathyroidism)
            hits.Add(new RuleHit(RuleIds.PthSecondaryHpt, "secondary hyperparathyroidism likely due to vitamin D deficiency",
                [Value("PTH", pth!), Value("25(OH)D", vitD.Measurement!), Value("calcium", ca!)],
                $"PTH > {t.PthHigh} pg/mL with 25(OH)D < {t.VitaminDDeficientBelow} ng/mL and calcium <= {t.CalciumHighAbove} mg/dL",
                    Sources.EndocrineSociety2011.Label));
        else if (minerals.PthHigh && !minerals.PossiblePrimaryHyperparathyroidism)
            hits.Add(new RuleHit(RuleIds.PthHigh, "PTH above the reference range", [Value("PTH", pth!)],
                $"reference {t.PthLow}-{t.PthHigh} pg/mL", Sources.EndocrineSociety2011.Label));
        if (minerals.PossiblePrimaryHyperparathyroidism)
            hits.Add(new RuleHit(RuleIds.PthPrimaryHpt, "possible primary hyperparathyroidism",
                [Value("PTH", pth!), Value("calcium", ca!)], $"PTH > {t.PthHigh} pg/mL with calcium > {t.CalciumHighAbove} mg/dL",
                    Sources.EndocrineSociety2011.Label));
        if (minerals.Hypercalcaemia)
            hits.Add(new RuleHit(RuleIds.CaHypercalcaemia, "hypercalcaemia: no calcium or vitamin D dosing", [Value("calcium", ca!)],
                $"calcium > {t.CalciumHighAbove} mg/dL ({decimal.Round(t.CalciumHighAbove * UnitConversion.CalciumMmolPerMg, 2)} mmol/L)",
                    Sources.OdsCalcium.Label));
        if (minerals.HighBoneTurnover)
            hits.Add(new RuleHit(RuleIds.OcHighTurnover, "high bone turnover (supporting evidence only)",
                [Value("osteocalcin", input.Get(Analyte.Osteocalcin)!)],
                $"osteocalcin > {t.OsteocalcinHighAbove} ng/mL (assay-specific postmenopausal upper limit)", Sources.Chen2024.Label));
        if (risk.Level == RiskLevel.High)
            hits.Add(new RuleHit(RuleIds.RiskHigh, "high fracture risk: consider pharmacological therapy and specialist review",
                risk.Reasons,
                $"T-score <= {t.TScoreOsteoporosisMax}, hip/vertebral fragility fracture, or osteopenia with FRAX hip >= "
                    + $"{t.FraxHipPercent}% / major >= {t.FraxMajorPercent}%",
                Sources.Bhof2022.Label));
        if (input.OnMedication(MedicationClass.VitaminKAntagonist))
            hits.Add(new RuleHit(RuleIds.SafetyK2Vka, "on a vitamin K antagonist: no vitamin K2 suggestion",
                input.ActiveMedications.Where(m => m.Classes.HasFlag(MedicationClass.VitaminKAntagonist)).Select(m =>
                    $"{m.Name} ({m.Source})").ToList(),
                "warfarin (RxNorm 11289) or ATC B01AA", Sources.OdsVitaminK.Label));
        if (minerals.MagnesiumContraindicatedByEgfr)
            hits.Add(new RuleHit(RuleIds.SafetyMagnesiumEgfr, "eGFR below threshold: no magnesium suggestion",
                [Value("eGFR", input.Get(Analyte.Egfr)!)],
                $"eGFR < {t.MagnesiumMinEgfr} mL/min/1.73m2", Sources.OdsMagnesium.Label));

        return new BoneHealthAssessment(input, vitD, bmd, minerals, risk, hits);
    }

    private static string Value(string name, Measurement m) => $"{m.Describe(name)}{(m.IsStale ? " [stale]" : "")} [{m.Source}]";
}
