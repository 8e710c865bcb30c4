namespace BoneCds.Rules.Assessment;

/// <summary>The structured result of the rules for one patient: findings, the rules that fired, and unusable inputs.</summary>
public sealed record BoneHealthAssessment(
    ClinicalInput Input,
    VitaminDFinding VitaminD,
    BoneDensityFinding BoneDensity,
    MineralFindings Minerals,
    RiskFinding Risk,
    IReadOnlyList<RuleHit> Hits)
{
    /// <summary>The v4 treatment courses and what the course rules found in them.</summary>
    public CourseFindings Courses { get; init; } = CourseFindings.None;

    public bool Fired(string ruleId) => Hits.Any(h => h.RuleId == ruleId);

    /// <summary>Postmenopausal woman (taken as a woman aged 50+; see docs/clinical.md) — the primary population.</summary>
    public bool IsPostmenopausalWoman(RuleThresholds t) =>
        Input.Patient.Sex == Sex.Female && BoneDensityClassifier.IsAtLeastTScoreAge(Input.Patient, t);

    /// <summary>
    /// Osteopenia or osteoporosis on a current DXA, or an osteoporosis (or, v3.1, osteopenia) diagnosis on record: what the
    /// nutrition card needs.
    /// </summary>
    public bool HasLowBoneMassOrOsteoporosis =>
        (BoneDensity.IsLowOrOsteoporotic && BoneDensity.DrivingMeasurement is { IsStale: false }) || Input.OsteoporosisDiagnoses.Count > 0
        || Input.OsteopeniaDiagnoses.Count > 0;

    /// <summary>Anti-osteoporosis drugs on record (v2 "already treated").</summary>
    public IReadOnlyList<MedicationFact> AntiOsteoporosisTherapy => Input.MedicationsOf(MedicationClass.AntiOsteoporosis).ToList();

    /// <summary>
    /// ES 2024: a vitamin D dose for insufficiency (20-29 ng/mL) only with an indication. The reasons this patient has one:
    /// osteopenia, osteoporosis, a fragility fracture, raised PTH, or age 75+.
    /// </summary>
    public IReadOnlyList<string> VitaminDIndications(RuleThresholds t)
    {
        var reasons = new List<string>();
        if (BoneDensity.IsLowOrOsteoporotic) reasons.Add(BoneDensityClassifier.Describe(BoneDensity.Category));
        if (Input.OsteoporosisDiagnoses.Count > 0) reasons.Add("osteoporosis on record");
        else if (Input.OsteopeniaDiagnoses.Count > 0) reasons.Add("osteopenia on record");
        if (Input.FragilityFractures.Count > 0) reasons.Add("a fragility fracture on record");
        if (Minerals.PthHigh) reasons.Add("raised PTH");
        if (Input.Patient.AgeYears >= t.VitaminDEmpiricAge) reasons.Add($"age {t.VitaminDEmpiricAge}+");
        return reasons;
    }
}
