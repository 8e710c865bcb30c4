namespace BoneCds.Rules.Cards;

/// <summary>The sentences cards share: how a measurement, calcium, PTH and the DXA sites are written, and the threshold texts.</summary>
public static class CardText
{
    /// <summary>At most <paramref name="max"/> characters, never cut mid-word (v3): at the last space or slash that fits.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = text[..(max - 3)];
        var at = cut.LastIndexOfAny([' ', '/']);
        return (at > 0 ? cut[..at] : cut).TrimEnd(' ', '/', ',', ';', '(', '[', '-') + "...";
    }

    /// <summary>A medication name short enough for a card summary (both ingredients of a combination, with strengths, fit).</summary>
    public static string Short(string name) => Truncate(name, 64);

    /// <summary>"**25(OH)D: 12 ng/mL** (30 nmol/L), reported as ..., on 2026-11-12 (stale)".</summary>
    public static string MeasurementLine(string name, Measurement m, string? alternative = null) =>
        $"**{name}: {m.Canonical}**{(alternative is not null ? $" ({alternative})" : "")}"
        + $"{(m.ReportedInOtherUnit ? $", reported as {m.Reported}" : "")}, on {m.EffectiveAt:yyyy-MM-dd}{(m.IsStale ? " (stale)" : "")}";

    /// <summary>v2 comparator semantics, said in the card: "&lt;x" lies below x, "&gt;x" above it; the exact value is unknown.</summary>
    public static string? ComparatorNote(Measurement m) => m.Comparator switch
    {
        null => null,
        "<" => $"_Reported as **{m.Reported}**: the exact value is unknown; it lies below {Measurement.Format(m.ReportedValue)}, "
            + "so it is classified in the range below that bound._",
        ">" => $"_Reported as **{m.Reported}**: the exact value is unknown; it lies above {Measurement.Format(m.ReportedValue)}, "
            + "so it is classified in the range above that bound._",
        _ => $"_Reported as **{m.Reported}**: classified at its bound._",
    };

    public static string CalciumLine(CardContext ctx)
    {
        var calcium = ctx.Input.Get(Analyte.Calcium);
        if (calcium is null) return "no serum calcium on record";
        var t = ctx.Thresholds;
        var minerals = ctx.Assessment.Minerals;
        var state = minerals.Hypercalcaemia ? $"above {t.CalciumHighAbove} mg/dL / {t.CalciumHighAboveMmol} mmol/L (hypercalcaemia)"
            : minerals.Hypocalcaemia ? $"below {t.CalciumLowBelow} mg/dL / {t.CalciumLowBelowMmol} mmol/L (hypocalcaemia)" : "within range";
        return $"{calcium.Describe("calcium")}{(calcium.IsStale ? " (stale)" : "")}, {state}";
    }

    public static string PthLine(CardContext ctx) =>
        $"{ctx.Input.Get(Analyte.Pth)!.Describe("PTH")} (reference {ctx.Thresholds.PthLow}-{ctx.Thresholds.PthHigh} pg/mL, "
        + $"{ctx.Thresholds.PthLowPmol}-{ctx.Thresholds.PthHighPmol} pmol/L)";

    public static string ScoreName(DensityScore score) => score == DensityScore.TScore ? "T-score" : "Z-score";

    /// <summary>
    /// The DXA scores per site (the driving one marked), BMD in g/cm2 (shown, never categorised), and the notes a clinician
    /// needs: forearm-only, age unknown.
    /// </summary>
    public static string DxaLines(CardContext ctx)
    {
        var density = ctx.Assessment.BoneDensity;
        var name = ScoreName(density.Score);
        var lines = ctx.Input.ScoresFor(density.Score).Select(m =>
            $"- {name} {m.SiteText}: **{m.Canonical}** on {m.EffectiveAt:yyyy-MM-dd}{(m.IsStale ? " (stale)" : "")}"
            + (m == density.DrivingMeasurement ? " ← lowest" : "")).ToList();
        lines.AddRange(ctx.Input.BoneMineralDensities.Select(m =>
            $"- BMD (LOINC {m.Entry!.Code}): {m.Reported} on {m.EffectiveAt:yyyy-MM-dd} (shown, not categorised: BMD needs reference "
                + $"data)"));
        var notes = new List<string> { $"WHO/ISCD: {BoneDensityClassifier.CategoriesText(ctx.Thresholds)}." };
        if (density.FromForearm)
            notes.Add($"The category is read from the forearm because no spine, femur or hip score is on record; ISCD uses the 33% radius "
                + $"(rule `{RuleIds.BmdForearm}`).");
        if (ctx.Input.Patient.AgeYears is null && density.Score == DensityScore.TScore)
            notes.Add($"The patient's age is unknown: T-score categories are used (they apply from {ctx.Thresholds.TScoreMinAge}).");
        return string.Join("\n", lines) + "\n\n" + string.Join(" ", notes);
    }
}
