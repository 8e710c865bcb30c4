namespace BoneCds.Rules.Cards;

/// <summary>What every card family reads: the assessment, the thresholds, and the call the cards answer.</summary>
public sealed record CardContext(BoneHealthAssessment Assessment, RuleThresholds Thresholds, string HookInstance, RequestKind Kind)
{
    public ClinicalInput Input => Assessment.Input;
    public string? PatientId => Input.Patient.Id;
    public DateTimeOffset Now => Input.EvaluatedAt;
}
