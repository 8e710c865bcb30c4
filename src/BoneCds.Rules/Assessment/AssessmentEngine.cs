namespace BoneCds.Rules.Assessment;

/// <summary>Runs every classification over a <see cref="ClinicalInput"/> and records which rules fired with what values.</summary>
public sealed class AssessmentEngine(RuleThresholds thresholds)
{
    public RuleThresholds Thresholds => thresholds;

    public BoneHealthAssessment Evaluate(ClinicalInput input)
    {
        var t = thresholds;
        var vitaminD = VitaminDClassifier.Evaluate(input, t);
        var density = BoneDensityClassifier.Evaluate(input, t);
        var minerals = MineralAndRiskRules.EvaluateMinerals(input, vitaminD, t);
        var risk = MineralAndRiskRules.EvaluateRisk(input, density, t);
        var hits = new List<RuleHit>();
        VitaminDHits(vitaminD, hits);
        BoneDensityHits(input, density, hits);
        MineralHits(input, vitaminD, minerals, hits);
        RiskAndSafetyHits(input, minerals, risk, hits);
        var courses = CourseRules.Evaluate(input, density, risk, t);
        CourseHits.Add(courses, input.EvaluatedAt, t, hits);
        return new BoneHealthAssessment(input, vitaminD, density, minerals, risk, hits) { Courses = courses };
    }

    private void VitaminDHits(VitaminDFinding vitaminD, List<RuleHit> hits)
    {
        if (vitaminD.Measurement is not { } measurement) return;
        hits.Add(new RuleHit(vitaminD.RuleId!, $"vitamin D {VitaminDClassifier.Describe(vitaminD.Tier)}", [Value("25(OH)D", measurement)],
            VitaminDClassifier.RangeText(vitaminD.Tier, thresholds), Sources.EndocrineSociety2024.Label));
        if (measurement.IsStale)
            hits.Add(new RuleHit(RuleIds.VitDStale, "25(OH)D result is stale: not used for dosing", [Value("25(OH)D", measurement)],
                $"older than {thresholds.Staleness.VitaminDMonths} months", Sources.EndocrineSociety2024.Label));
    }

    private void BoneDensityHits(ClinicalInput input, BoneDensityFinding density, List<RuleHit> hits)
    {
        var t = thresholds;
        if (density.DrivingMeasurement is { } driving)
        {
            var scoreName = density.Score == DensityScore.TScore ? "T-score" : "Z-score";
            var threshold = density.Score == DensityScore.TScore
                ? BoneDensityClassifier.CategoriesText(t)
                : $"Z-score <= {t.ZScoreBelowExpectedMax} is below the expected range for age";
            var values = input.ScoresFor(density.Score).Select(m => Value($"{scoreName} {m.SiteText}", m)).ToList();
            hits.Add(new RuleHit(density.RuleId!,
                $"{BoneDensityClassifier.Describe(density.Category)} (lowest {scoreName} at {driving.SiteText})",
                values, threshold, Sources.WhoIscd.Label));
            if (density.FromForearm)
                hits.Add(new RuleHit(RuleIds.BmdForearm, "category read from the forearm: no spine, femur or hip score on record", values,
                    "forearm only when no central site (ISCD: 33% radius)", Sources.WhoIscd.Label));
            if (driving.IsStale)
                hits.Add(new RuleHit(RuleIds.BmdStale, "DXA result is stale: not used for supplement dosing", [Value(scoreName, driving)],
                    $"older than {t.Staleness.DxaMonths} months", Sources.WhoIscd.Label));
        }
        if (input.Patient.Deceased)
            hits.Add(new RuleHit(RuleIds.PatientDeceased, "the patient is recorded as deceased: no recommendations or order checks", [],
                "Patient.deceased[x]", Sources.DataAvailability.Label));
        if (input.OsteoporosisDiagnoses.Count > 0)
            hits.Add(new RuleHit(RuleIds.BmdDiagnosisOnRecord, "osteoporosis diagnosis on record", input.OsteoporosisDiagnoses,
                "ICD-10 M80/M81 or SNOMED CT 64859006", Sources.Bhof2022.Label));
    }

    private void MineralHits(ClinicalInput input, VitaminDFinding vitaminD, MineralFindings minerals, List<RuleHit> hits)
    {
        var t = thresholds;
        var pth = input.Get(Analyte.Pth);
        var calcium = input.Get(Analyte.Calcium);
        var pthLimit = $"PTH > {t.PthHigh} pg/mL ({t.PthHighPmol} pmol/L)";
        var calciumHigh = $"calcium > {t.CalciumHighAbove} mg/dL ({t.CalciumHighAboveMmol} mmol/L)";
        if (minerals.SecondaryHyperparathyroidism)
            hits.Add(new RuleHit(RuleIds.PthSecondaryHpt, "secondary hyperparathyroidism likely due to vitamin D deficiency",
                [Value("PTH", pth!), Value("25(OH)D", vitaminD.Measurement!), Value("calcium", calcium!)],
                $"{pthLimit} with 25(OH)D < {t.VitaminDDeficientBelow} ng/mL and calcium <= {t.CalciumHighAbove} mg/dL",
                Sources.EndocrineSociety2011.Label));
        else if (minerals.PthHigh && !minerals.PossiblePrimaryHyperparathyroidism)
            hits.Add(new RuleHit(RuleIds.PthHigh, "PTH above the reference range", [Value("PTH", pth!)],
                $"reference {t.PthLow}-{t.PthHigh} pg/mL ({t.PthLowPmol}-{t.PthHighPmol} pmol/L)", Sources.EndocrineSociety2011.Label));
        if (minerals.PossiblePrimaryHyperparathyroidism)
            hits.Add(new RuleHit(RuleIds.PthPrimaryHpt, "possible primary hyperparathyroidism",
                [Value("PTH", pth!), Value("calcium", calcium!)],
                $"{pthLimit} with {calciumHigh}", Sources.EndocrineSociety2011.Label));
        if (minerals.Hypercalcaemia)
            hits.Add(new RuleHit(RuleIds.CaHypercalcaemia, "hypercalcaemia: no calcium or vitamin D dosing", [Value("calcium", calcium!)],
                calciumHigh, Sources.OdsCalcium.Label));
        if (minerals.Hypocalcaemia)
            hits.Add(new RuleHit(RuleIds.CaHypocalcaemia, "hypocalcaemia: confirm and correct before any antiresorptive",
                [Value("calcium", calcium!)],
                $"calcium < {t.CalciumLowBelow} mg/dL ({t.CalciumLowBelowMmol} mmol/L)", Sources.Bhof2022.Label));
        if (minerals.HighBoneTurnover)
            hits.Add(new RuleHit(RuleIds.OcHighTurnover, "high bone turnover (supporting evidence only)",
                [Value("osteocalcin", input.Get(Analyte.Osteocalcin)!)],
                $"osteocalcin > {t.OsteocalcinHighAbove} ng/mL (assay-specific postmenopausal upper limit)", Sources.Chen2024.Label));
    }

    private void RiskAndSafetyHits(ClinicalInput input, MineralFindings minerals, RiskFinding risk, List<RuleHit> hits)
    {
        var t = thresholds;
        if (risk.Level == RiskLevel.High)
            hits.Add(new RuleHit(RuleIds.RiskHigh, "high fracture risk", risk.Reasons,
                $"T-score <= {t.TScoreOsteoporosisMax} at spine, femur or hip, hip/vertebral fragility fracture, or osteopenia with FRAX "
                    + $"hip "
                + $">= {t.FraxHipPercent}% / major >= {t.FraxMajorPercent}% (women and men {t.TScoreMinAge}+)", Sources.Bhof2022.Label));
        var therapy = input.MedicationsOf(MedicationClass.AntiOsteoporosis).ToList();
        if (therapy.Count > 0)
            hits.Add(new RuleHit(RuleIds.TreatOnTherapy, "already on anti-osteoporosis therapy: review rather than start",
                therapy.Select(m => $"{m.Name} ({m.Source})").ToList(), "an active anti-osteoporosis medication on record",
                    Sources.Bhof2022.Label));
        if (input.OnMedication(MedicationClass.VitaminKAntagonist))
            hits.Add(new RuleHit(RuleIds.SafetyK2Vka, "on a vitamin K antagonist: no vitamin K2 suggestion",
                input.MedicationsOf(MedicationClass.VitaminKAntagonist).Select(m => $"{m.Name} ({m.Source})").ToList(),
                "warfarin (RxNorm 11289) or ATC B01AA", Sources.OdsVitaminK.Label));
        if (minerals.MagnesiumContraindicatedByEgfr)
            hits.Add(new RuleHit(RuleIds.SafetyMagnesiumEgfr, "eGFR below threshold: no magnesium suggestion",
                input.Get(Analyte.Egfr) is { } egfr ? [Value("eGFR", egfr)] : [],
                $"eGFR < {t.MagnesiumMinEgfr} mL/min/1.73m2", Sources.OdsMagnesium.Label));
    }

    private static string Value(string name, Measurement m) => $"{m.Describe(name)}{(m.IsStale ? " [stale]" : "")} [{m.Source}]";
}
