namespace BoneCds.Rules.Cards;

/// <summary>The sentences cards share: how a measurement, calcium, PTH and the DXA sites are written, and the threshold texts.</summary>
public static class CardText
{
    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";

    /// <summary>A medication name short enough for a card summary.</summary>
    public static string Short(string name) => Truncate(name, 40);

    /// <summary>"**25(OH)D: 12 ng/mL** (30 nmol/L), reported as ..., on 2026-11-12 (stale)".</summary>
    public static string MeasurementLine(string name, Measurement m, string? alternative = null) =>
        $"**{name}: {m.Canonical}**{(alternative is not null ? $" ({alternative})" : "")}"
        + $"{(m.ReportedInOtherUnit ? $", reported as {m.Reported}" : "")}, on {m.EffectiveAt:yyyy-MM-dd}{(m.IsStale ? " (stale)" : "")}";

    public static string? ComparatorNote(Measurement m) => m.Comparator is null ? null
        : $"_The result was reported as **{m.Reported}**; it is treated as its bound ({m.Canonical}) for classification._";

    public static string CalciumLine(CardContext ctx)
    {
        var calcium = ctx.Input.Get(Analyte.Calcium);
        if (calcium is null) return "no serum calcium on record";
        var t = ctx.Thresholds;
        var state = calcium.Value > t.CalciumHighAbove ? $"above {t.CalciumHighAbove} mg/dL (hypercalcaemia)"
            : calcium.Value < t.CalciumLowBelow ? "low" : "within range";
        return $"{calcium.Describe("calcium")}, {state}";
    }

    public static string PthLine(CardContext ctx) =>
        $"{ctx.Input.Get(Analyte.Pth)!.Describe("PTH")} (reference {ctx.Thresholds.PthLow}-{ctx.Thresholds.PthHigh} pg/mL)";

    public static string ScoreName(DensityScore score) => score == DensityScore.TScore ? "T-score" : "Z-score";

    public static string DxaLines(CardContext ctx)
    {
        var density = ctx.Assessment.BoneDensity;
        var name = ScoreName(density.Score);
        var sites = ctx.Input.ScoresFor(density.Score).Select(m =>
            $"- {name} {m.Site?.Describe()}: **{m.Canonical}** on {m.EffectiveAt:yyyy-MM-dd}{(m.IsStale ? " (stale)" : "")}"
            + (m == density.DrivingMeasurement ? " ← lowest" : ""));
        return string.Join("\n", sites) + $"\n\nWHO/ISCD: {BoneDensityClassifier.CategoriesText(ctx.Thresholds)}.";
    }
}
