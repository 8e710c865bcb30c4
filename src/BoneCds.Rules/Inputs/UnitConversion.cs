namespace BoneCds.Rules.Inputs;

/// <summary>
/// Converts a reported unit to the analyte's canonical unit (clinical-rules.md "Inputs").
/// Factors: nmol/L = ng/mL x 2.496; pmol/L = pg/mL x 0.106; mmol/L = mg/dL x 0.2495.
/// An absent or unlisted unit is never guessed: the caller reports the observation as unusable.
/// </summary>
public static class UnitConversion
{
    public const decimal VitaminDNmolPerNg = 2.496m;
    public const decimal PthPmolPerPg = 0.106m;
    public const decimal CalciumMmolPerMg = 0.2495m;

    public static string CanonicalUnit(Analyte analyte) => analyte switch
    {
        Analyte.VitaminD25OH => "ng/mL",
        Analyte.Pth => "pg/mL",
        Analyte.Osteocalcin => "ng/mL",
        Analyte.Calcium => "mg/dL",
        Analyte.Egfr => "mL/min/1.73m2",
        Analyte.TScore => "T-score",
        Analyte.ZScore => "Z-score",
        Analyte.FraxHip or Analyte.FraxMajorOsteoporotic => "%",
        _ => throw new ArgumentOutOfRangeException(nameof(analyte)),
    };

    /// <summary>Returns the value in the canonical unit, or null when the unit is not accepted for the analyte.</summary>
    public static decimal? ToCanonical(Analyte analyte, decimal value, string unit)
    {
        var u = unit.Trim();
        return analyte switch
        {
            Analyte.VitaminD25OH => u switch
            {
                "ng/mL" or "ug/L" => value,
                "nmol/L" => value / VitaminDNmolPerNg,
                _ => null,
            },
            Analyte.Pth => u switch
            {
                "pg/mL" or "ng/L" => value,
                "pmol/L" => value / PthPmolPerPg,
                _ => null,
            },
            Analyte.Osteocalcin => u is "ng/mL" or "ug/L" ? value : null,
            Analyte.Calcium => u switch
            {
                "mg/dL" => value,
                "mmol/L" => value / CalciumMmolPerMg,
                _ => null,
            },
            Analyte.Egfr => u is "mL/min/{1.73_m2}" or "mL/min/1.73m2" ? value : null,
            Analyte.TScore => u is "{T-score}" or "1" or "{SD}" ? value : null,
            Analyte.ZScore => u is "{Z-score}" or "1" or "{SD}" ? value : null,
            Analyte.FraxHip or Analyte.FraxMajorOsteoporotic => u == "%" ? value : null,
            _ => null,
        };
    }

    public static string AcceptedUnits(Analyte analyte) => analyte switch
    {
        Analyte.VitaminD25OH => "ng/mL, ug/L, nmol/L",
        Analyte.Pth => "pg/mL, ng/L, pmol/L",
        Analyte.Osteocalcin => "ng/mL, ug/L",
        Analyte.Calcium => "mg/dL, mmol/L",
        Analyte.Egfr => "mL/min/{1.73_m2}",
        Analyte.TScore => "{T-score} or 1",
        Analyte.ZScore => "{Z-score} or 1",
        _ => "%",
    };
}
