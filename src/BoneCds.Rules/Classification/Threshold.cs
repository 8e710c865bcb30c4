namespace BoneCds.Rules.Classification;

/// <summary>
/// One threshold in conventional and SI units (clinical-rules.md v2 "Thresholds in the reported unit"): a result reported in
/// SI units is compared with the SI value, not converted first, so 2.62 mmol/L is not above 2.62 mmol/L.
/// </summary>
public readonly record struct Threshold(decimal Conventional, decimal Si)
{
    /// <summary>A threshold with one scale (eGFR, T-scores, FRAX, osteocalcin).</summary>
    public static Threshold Of(decimal value) => new(value, value);

    public decimal For(Measurement m) => m.ReportedIsSi ? Si : Conventional;
}

/// <summary>
/// Comparisons of a result with a threshold. Comparators (v2): "&lt;x" lies just below x and "&gt;x" just above it, so they fall
/// into the tier beyond the bound; "&lt;=" and "&gt;=" are the bound itself.
/// </summary>
public static class ThresholdComparison
{
    private const decimal JustPast = 0.000001m;

    /// <summary>The value compared with thresholds: the reported SI value, or the canonical one; a bound nudged past itself.</summary>
    public static decimal ComparedValue(this Measurement m)
    {
        var value = m.ReportedIsSi ? m.ReportedValue : m.Value;
        return m.Comparator switch { "<" => value - JustPast, ">" => value + JustPast, _ => value };
    }

    public static bool IsBelow(this Measurement m, Threshold t) => m.ComparedValue() < t.For(m);

    public static bool IsAbove(this Measurement m, Threshold t) => m.ComparedValue() > t.For(m);

    public static bool IsAtMost(this Measurement m, Threshold t) => m.ComparedValue() <= t.For(m);

    public static bool IsAtLeast(this Measurement m, Threshold t) => m.ComparedValue() >= t.For(m);
}
