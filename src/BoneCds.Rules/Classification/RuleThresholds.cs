namespace BoneCds.Rules.Classification;

/// <summary>
/// Every threshold from clinical-rules.md with its default; a site overrides them through configuration (section "Rules"
/// in appsettings) without code changes. Each threshold of a lab with an SI unit has its SI value beside it (v2): results
/// reported in SI units are compared with those.
/// </summary>
public sealed class RuleThresholds
{
    public decimal VitaminDSevereBelow { get; set; } = 10m;
    public decimal VitaminDDeficientBelow { get; set; } = 20m;
    public decimal VitaminDInsufficientBelow { get; set; } = 30m;
    public decimal VitaminDSufficientMax { get; set; } = 100m;
    public decimal VitaminDHighMax { get; set; } = 150m;
    public decimal VitaminDSevereBelowNmol { get; set; } = 25m;
    public decimal VitaminDDeficientBelowNmol { get; set; } = 50m;
    public decimal VitaminDInsufficientBelowNmol { get; set; } = 75m;
    public decimal VitaminDSufficientMaxNmol { get; set; } = 250m;
    public decimal VitaminDHighMaxNmol { get; set; } = 375m;

    public decimal TScoreNormalMin { get; set; } = -1.0m;
    public decimal TScoreOsteoporosisMax { get; set; } = -2.5m;
    public decimal ZScoreBelowExpectedMax { get; set; } = -2.0m;
    /// <summary>T-score categories and the BHOF high-risk criteria apply from this age, whatever the recorded sex.</summary>
    public int TScoreMinAge { get; set; } = 50;

    public decimal PthLow { get; set; } = 15m;
    public decimal PthHigh { get; set; } = 65m;
    public decimal PthLowPmol { get; set; } = 1.6m;
    public decimal PthHighPmol { get; set; } = 6.9m;
    public decimal CalciumHighAbove { get; set; } = 10.5m;
    public decimal CalciumHighAboveMmol { get; set; } = 2.62m;
    /// <summary>Below this, hypocalcaemia (v2 rule CA-HYPOCALCAEMIA).</summary>
    public decimal CalciumLowBelow { get; set; } = 8.5m;
    public decimal CalciumLowBelowMmol { get; set; } = 2.12m;
    public decimal OsteocalcinHighAbove { get; set; } = 46m;
    public decimal MagnesiumMinEgfr { get; set; } = 30m;
    /// <summary>
    /// v3, labels: alendronate is not recommended and zoledronic acid is contraindicated below this creatinine clearance
    /// (mL/min; eGFR stands in when no clearance can be computed, and the card says so).
    /// </summary>
    public decimal BisphosphonateMinEgfr { get; set; } = 35m;
    public decimal IbandronateMinEgfr { get; set; } = 30m;
    /// <summary>v3: risedronate's label limit is a creatinine clearance of 30, not 35.</summary>
    public decimal RisedronateMinEgfr { get; set; } = 30m;
    /// <summary>FDA boxed warning (2024): severe hypocalcaemia with denosumab in advanced kidney disease.</summary>
    public decimal DenosumabMinEgfr { get; set; } = 30m;

    public decimal FraxHipPercent { get; set; } = 3m;
    public decimal FraxMajorPercent { get; set; } = 20m;

    /// <summary>ES 2024: empiric vitamin D for adults from this age, so an insufficiency dose needs no other indication.</summary>
    public int VitaminDEmpiricAge { get; set; } = 75;

    public StalenessWindows Staleness { get; set; } = new();

    // v4 "Treatment course and continuity": days are the spec's own (7 months is "over 213 days"; 6 months is 183 by the same
    // 30.44-day month), years and months are calendar ones.
    public int DenosumabDueDays { get; set; } = 183;
    public int DenosumabOverdueAfterDays { get; set; } = 213;
    /// <summary>The administrations prefetch covers 3 years: a denosumab dose older than that is no longer followed.</summary>
    public int DenosumabFollowYears { get; set; } = 3;
    public int OralBisphosphonateReviewYears { get; set; } = 5;
    public int ZoledronicAcidReviewYears { get; set; } = 3;
    public int ZoledronicAcidReviewInfusions { get; set; } = 3;
    public int ZoledronicAcidCurrentMonths { get; set; } = 18;
    public int AnabolicFollowOnMonths { get; set; } = 12;
    public int GlucocorticoidMinMonths { get; set; } = 3;
    public decimal GlucocorticoidMinPrednisoneMgPerDay { get; set; } = 2.5m;
    public decimal TScoreVeryHighMax { get; set; } = -3.0m;
    public decimal FraxMajorVeryHighAbovePercent { get; set; } = 30m;
    public decimal FraxHipVeryHighAbovePercent { get; set; } = 4.5m;
    public int RecentFractureMonths { get; set; } = 12;
    public int RomosozumabCardiovascularMonths { get; set; } = 12;
    public int RomosozumabMaxDoses { get; set; } = 12;
    public int PthAnalogueMaxYears { get; set; } = 2;
    /// <summary>Alkaline phosphatase range (U/L) used when the result gives none (v4).</summary>
    public decimal AlkalinePhosphataseLow { get; set; } = 40m;
    public decimal AlkalinePhosphataseHigh { get; set; } = 130m;

    public Threshold VitaminDSevere => new(VitaminDSevereBelow, VitaminDSevereBelowNmol);
    public Threshold VitaminDDeficient => new(VitaminDDeficientBelow, VitaminDDeficientBelowNmol);
    public Threshold VitaminDInsufficient => new(VitaminDInsufficientBelow, VitaminDInsufficientBelowNmol);
    public Threshold VitaminDSufficient => new(VitaminDSufficientMax, VitaminDSufficientMaxNmol);
    public Threshold VitaminDHigh => new(VitaminDHighMax, VitaminDHighMaxNmol);
    public Threshold PthUpper => new(PthHigh, PthHighPmol);
    public Threshold CalciumHigh => new(CalciumHighAbove, CalciumHighAboveMmol);
    public Threshold CalciumLow => new(CalciumLowBelow, CalciumLowBelowMmol);
}
