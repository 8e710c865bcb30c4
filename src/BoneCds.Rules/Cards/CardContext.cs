namespace BoneCds.Rules.Cards;

/// <summary>What every card family reads: the assessment, the thresholds, and the call the cards answer.</summary>
public sealed record CardContext(BoneHealthAssessment Assessment, RuleThresholds Thresholds, string HookInstance, RequestKind Kind)
{
    /// <summary>Every order in draftOrders at order time (selected or not: v3, each is the clinician's own action); else none.</summary>
    public IReadOnlyList<DraftOrder> Drafts { get; init; } = [];

    /// <summary>A single-ingredient product of this class is being drafted: no card offers a second create for it (v3).</summary>
    public DraftOrder? Drafted(MedicationClass c) => Drafts.FirstOrDefault(d => d.Is(c) && !d.IsCombination);

    public ClinicalInput Input => Assessment.Input;
    public string? PatientId => Input.Patient.Id;
    public DateTimeOffset Now => Input.EvaluatedAt;
}
