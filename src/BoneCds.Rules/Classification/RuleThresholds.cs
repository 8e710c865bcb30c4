namespace BoneCds.Rules.Classification;

/// <summary>
/// Every threshold from clinical-rules.md with its default; a site overrides them through configuration
/// (section "Rules" in appsettings) without code changes. Vitamin D thresholds are in ng/mL.
/// </summary>
public sealed class RuleThresholds
{
    public decimal VitaminDSevereBelow { get; set; } = 10m;
    public decimal VitaminDDeficientBelow { get; set; } = 20m;
    public decimal VitaminDInsufficientBelow { get; set; } = 30m;
    public decimal VitaminDSufficientMax { get; set; } = 100m;
    public decimal VitaminDHighMax { get; set; } = 150m;

    public decimal TScoreNormalMin { get; set; } = -1.0m;
    public decimal TScoreOsteoporosisMax { get; set; } = -2.5m;
    public decimal ZScoreBelowExpectedMax { get; set; } = -2.0m;
    /// <summary>T-score categories apply to postmenopausal women and men from this age (women of this age are taken as
    /// postmenopausal).</summary>
    public int TScoreMinAge { get; set; } = 50;

    public decimal PthLow { get; set; } = 15m;
    public decimal PthHigh { get; set; } = 65m;
    public decimal CalciumHighAbove { get; set; } = 10.5m;
    /// <summary>Lower limit of serum calcium (mg/dL). The spec is silent; 8.5 mg/dL is the usual adult reference limit.</summary>
    public decimal CalciumLowBelow { get; set; } = 8.5m;
    public decimal OsteocalcinHighAbove { get; set; } = 46m;
    public decimal MagnesiumMinEgfr { get; set; } = 30m;

    public decimal FraxHipPercent { get; set; } = 3m;
    public decimal FraxMajorPercent { get; set; } = 20m;

    public StalenessWindows Staleness { get; set; } = new();

    public decimal ToNmol(decimal ngPerMl) => decimal.Round(ngPerMl * UnitConversion.VitaminDNmolPerNg, 1);
}
