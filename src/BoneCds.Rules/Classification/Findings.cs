namespace BoneCds.Rules.Classification;

public enum VitaminDTier { Unknown, SevereDeficiency, ModerateDeficiency, Insufficiency, Sufficiency, High, PotentialToxicity }

public enum BoneDensityCategory
{
    NotAssessed,
    Normal,
    LowBoneMass,
    Osteoporosis,
    SevereOsteoporosis,
    /// <summary>Z-score path (premenopausal women, men under 50): ISCD "below the expected range for age".</summary>
    BelowExpectedRangeForAge,
    WithinExpectedRangeForAge,
}

public enum RiskLevel { Unknown, NotHigh, High }

/// <summary>One rule that fired: its id, what it concluded, and the values and thresholds it used.</summary>
public sealed record RuleHit(string RuleId, string Conclusion, IReadOnlyList<string> ValuesUsed, string Threshold, string Source);

public sealed record VitaminDFinding(VitaminDTier Tier, string? RuleId, Measurement? Measurement)
{
    public bool IsDeficient => Tier is VitaminDTier.SevereDeficiency or VitaminDTier.ModerateDeficiency;
    public bool IsHighOrToxic => Tier is VitaminDTier.High or VitaminDTier.PotentialToxicity;
    public bool IsCurrent => Measurement is { IsStale: false };
}

public sealed record BoneDensityFinding(BoneDensityCategory Category, string? RuleId, Measurement? DrivingMeasurement, DensityScore Score)
{
    public bool IsLowOrOsteoporotic => Category is BoneDensityCategory.LowBoneMass or BoneDensityCategory.Osteoporosis
        or BoneDensityCategory.SevereOsteoporosis;
    public bool IsOsteoporotic => Category is BoneDensityCategory.Osteoporosis or BoneDensityCategory.SevereOsteoporosis;

    /// <summary>Read from the forearm because no spine, femur or hip score is on record (ISCD uses the 33% radius).</summary>
    public bool FromForearm => DrivingMeasurement?.Site == SkeletalSite.Forearm;
}

public sealed record MineralFindings(
    bool PthHigh,
    bool SecondaryHyperparathyroidism,
    bool PossiblePrimaryHyperparathyroidism,
    bool Hypercalcaemia,
    bool HighBoneTurnover,
    bool MagnesiumContraindicatedByEgfr)
{
    /// <summary>The last calcium was low but is older than its window: recheck (v3.1), no hypocalcaemia warning.</summary>
    public bool StaleLowCalcium { get; init; }

    /// <summary>Calcium below the lower limit (v2 rule CA-HYPOCALCAEMIA).</summary>
    public bool Hypocalcaemia { get; init; }
}

public sealed record RiskFinding(RiskLevel Level, IReadOnlyList<string> Reasons);
