namespace BoneCds.Rules.Inputs;

/// <summary>How old a result may be before it is reported as stale (clinical-rules.md defaults).</summary>
public sealed class StalenessWindows
{
    public int VitaminDMonths { get; set; } = 12;
    public int PthCalciumOsteocalcinMonths { get; set; } = 6;
    public int DxaMonths { get; set; } = 24;
    /// <summary>The spec is silent on eGFR and FRAX; 12 and 24 months follow the lab and DXA windows (see docs/clinical.md).</summary>
    public int EgfrMonths { get; set; } = 12;
    public int FraxMonths { get; set; } = 24;
    /// <summary>v4: the spec is silent; alkaline phosphatase follows the 12-month lab window of eGFR (see docs/clinical.md).</summary>
    public int AlkalinePhosphataseMonths { get; set; } = 12;

    public int MonthsFor(Analyte a) => a switch
    {
        Analyte.VitaminD25OH => VitaminDMonths,
        Analyte.Pth or Analyte.Calcium or Analyte.Osteocalcin => PthCalciumOsteocalcinMonths,
        Analyte.TScore or Analyte.ZScore => DxaMonths,
        // Weight and creatinine for a creatinine clearance: the kidney window, 12 months (v3).
        Analyte.Egfr or Analyte.Creatinine or Analyte.BodyWeight => EgfrMonths,
        Analyte.FraxHip or Analyte.FraxMajorOsteoporotic => FraxMonths,
        Analyte.BoneMineralDensity => DxaMonths,
        Analyte.AlkalinePhosphatase => AlkalinePhosphataseMonths,
        // Every analyte has its window named above: a new one must be given one, never FRAX's by default.
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, "no staleness window for this analyte"),
    };

    public bool IsStale(Analyte a, DateTimeOffset effective, DateTimeOffset now) => effective < now.AddMonths(-MonthsFor(a));
}
