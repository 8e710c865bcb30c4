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
    public bool Fired(string ruleId) => Hits.Any(h => h.RuleId == ruleId);

    /// <summary>Postmenopausal woman (taken as a woman aged 50+; see README) — the primary population.</summary>
    public bool IsPostmenopausalWoman(RuleThresholds t) =>
        Input.Patient.Sex == Sex.Female && BoneDensityClassifier.IsAtLeastTScoreAge(Input.Patient, t);
}
