namespace BoneCds.Rules.Catalogue;

/// <summary>
/// The units accepted per analyte and their factor to the analyte's canonical unit (clinical-rules.md "Inputs"), as one
/// table: the conversion, the SI flag (thresholds are compared in the reported unit) and the "accepted units" text of a
/// rejection all come from it. Factors: nmol/L = ng/mL x 2.496; pmol/L = pg/mL x 0.106; mmol/L = mg/dL x 0.2495.
/// Units are matched the UCUM way: litre may be written L or l, and annotations ({T-Score}) ignore case.
/// An absent or unlisted unit is never guessed: the caller reports the observation as unusable.
/// </summary>
public static class UnitConversion
{
    public const decimal VitaminDNmolPerNg = 2.496m;
    public const decimal PthPmolPerPg = 0.106m;
    public const decimal CalciumMmolPerMg = 0.2495m;
    /// <summary>Creatinine: umol/L = mg/dL x 88.4 (v3).</summary>
    public const decimal CreatinineUmolPerMg = 88.4m;
    /// <summary>Pounds per kilogram (avoirdupois).</summary>
    public const decimal PoundsPerKg = 2.20462262m;

    /// <summary>One accepted unit: the reported value divided by <c>PerCanonical</c> is the canonical value.</summary>
    public sealed record UnitRow(Analyte Analyte, string Unit, decimal PerCanonical, bool IsSi = false)
    {
        /// <summary>The unit is taken as the term's own (LOINC fixes it): cards then say "reported as ..." (v3.1).</summary>
        public bool Relabelled { get; init; }
    }

    private static readonly UnitRow[] Table =
    [
        new(Analyte.VitaminD25OH, "ng/mL", 1m), new(Analyte.VitaminD25OH, "ug/L", 1m),
        new(Analyte.VitaminD25OH, "nmol/L", VitaminDNmolPerNg, IsSi: true),
        new(Analyte.Pth, "pg/mL", 1m), new(Analyte.Pth, "ng/L", 1m), new(Analyte.Pth, "pmol/L", PthPmolPerPg, IsSi: true),
        new(Analyte.Osteocalcin, "ng/mL", 1m), new(Analyte.Osteocalcin, "ug/L", 1m),
        new(Analyte.Calcium, "mg/dL", 1m), new(Analyte.Calcium, "mmol/L", CalciumMmolPerMg, IsSi: true),
        new(Analyte.Egfr, "mL/min/{1.73_m2}", 1m), new(Analyte.Egfr, "mL/min/1.73m2", 1m),
        // v3.1: every eGFR term read is defined per 1.73 m2, so "mL/min" (Synthea's late kidney disease) is that unit, relabelled.
        new(Analyte.Egfr, "mL/min", 1m) { Relabelled = true },
        new(Analyte.TScore, "{T-score}", 1m), new(Analyte.TScore, "1", 1m), new(Analyte.TScore, "{SD}", 1m),
        new(Analyte.ZScore, "{Z-score}", 1m), new(Analyte.ZScore, "1", 1m), new(Analyte.ZScore, "{SD}", 1m),
        new(Analyte.FraxHip, "%", 1m), new(Analyte.FraxMajorOsteoporotic, "%", 1m),
        new(Analyte.BoneMineralDensity, "g/cm2", 1m),
        new(Analyte.Creatinine, "mg/dL", 1m), new(Analyte.Creatinine, "umol/L", CreatinineUmolPerMg, IsSi: true),
        new(Analyte.BodyWeight, "kg", 1m), new(Analyte.BodyWeight, "[lb_av]", PoundsPerKg),
        // v4: an enzyme activity, U/L; the UCUM international unit is the same unit under another name.
        new(Analyte.AlkalinePhosphatase, "U/L", 1m), new(Analyte.AlkalinePhosphatase, "[IU]/L", 1m),
        new(Analyte.AlkalinePhosphatase, "IU/L", 1m),
    ];

    private static readonly Dictionary<(Analyte, string), UnitRow> ByUnit = Table.ToDictionary(r => (r.Analyte, Normalise(r.Unit)));

    // The table's own spellings ("ng/mL"), which most results use: found without normalising (no string is built).
    private static readonly Dictionary<(Analyte, string), UnitRow> ByTableSpelling = Table.ToDictionary(r => (r.Analyte, r.Unit));

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
        Analyte.BoneMineralDensity => "g/cm2",
        Analyte.Creatinine => "mg/dL",
        Analyte.BodyWeight => "kg",
        Analyte.AlkalinePhosphatase => "U/L",
        _ => throw new ArgumentOutOfRangeException(nameof(analyte)),
    };

    /// <summary>The accepted unit row for a reported unit, or null when the unit is not accepted for the analyte.</summary>
    public static UnitRow? Find(Analyte analyte, string unit) =>
        ByTableSpelling.GetValueOrDefault((analyte, unit)) ?? ByUnit.GetValueOrDefault((analyte, Normalise(unit)));

    /// <summary>Returns the value in the canonical unit, or null when the unit is not accepted for the analyte.</summary>
    public static decimal? ToCanonical(Analyte analyte, decimal value, string unit) =>
        Find(analyte, unit) is { } row ? value / row.PerCanonical : null;

    /// <summary>The accepted units, as a rejection message names them.</summary>
    public static string AcceptedUnits(Analyte analyte) =>
        string.Join(", ", Table.Where(r => r.Analyte == analyte).Select(r => r.Unit));

    public static IEnumerable<UnitRow> Rows => Table;

    /// <summary>
    /// UCUM's litre is "L" or "l" (so ng/ml is ng/mL); annotations in braces are not case-sensitive ({T-Score} is
    /// {T-score}). Everything else stays case-sensitive, as UCUM is.
    /// </summary>
    private static string Normalise(string unit)
    {
        var parts = unit.Trim().Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part is "l" or "L" || (part.Length == 2 && "munpfcd".Contains(part[0]) && part[1] is 'l' or 'L'))
                parts[i] = part[..^1] + "L";
            else if (part.StartsWith('{') && part.EndsWith('}'))
                parts[i] = part.ToLowerInvariant();
        }
        return string.Join('/', parts);
    }
}
