using Hl7.Fhir.Model;

namespace BoneCds.Rules.Cards;

/// <summary>A vitamin D3 regimen: the text shown and the structured dose carried by the suggested MedicationRequest.</summary>
public sealed record Regimen(string Label, string Text, decimal DoseIu, Timing.UnitsOfTime Period, int? Weeks)
{
    /// <summary>"6,000 IU daily for 8 weeks": the course as card text writes it, from the same numbers the order carries.</summary>
    public string Course => $"{DoseIu:N0} IU {(Period == Timing.UnitsOfTime.D ? "daily" : "once weekly")}"
        + (Weeks is { } w ? $" for {w} weeks" : "");
}

/// <summary>
/// Vitamin D3 regimens from clinical-rules.md "Recommendations", written once. ES 2024 prefers daily lower doses for adults
/// 50+, so the daily course is the recommended one and the weekly high dose the alternative (v2).
/// </summary>
public static class Regimens
{
    public const string Maintenance = "1,500-2,000 IU daily";

    /// <summary>IOM 2011 tolerable upper intake for adults (IU/day); a repletion course above it is supervised.</summary>
    public const int UpperLimitIu = 4000;

    public static readonly Regimen DailyRepletion = new(
        "Vitamin D3 6,000 IU daily for 8 weeks, then recheck 25(OH)D in 3 months",
        $"Vitamin D3 6,000 IU orally once daily for 8 weeks (a supervised repletion course above the 4,000 IU/day upper limit), "
        + $"then {Maintenance} maintenance", 6000, Timing.UnitsOfTime.D, 8);

    public static readonly Regimen WeeklyRepletion = new(
        "Alternative: vitamin D3 50,000 IU weekly for 8 weeks, then recheck 25(OH)D in 3 months",
        $"Vitamin D3 50,000 IU orally once weekly for 8 weeks, then {Maintenance} maintenance", 50000, Timing.UnitsOfTime.Wk, 8);

    public static readonly Regimen DailyInsufficiency = new(
        "Vitamin D3 2,000 IU daily and recheck 25(OH)D in 3 months",
        "Vitamin D3 1,500-2,000 IU orally once daily", 2000, Timing.UnitsOfTime.D, null);

    /// <summary>Both guidelines, with DOIs, as every vitamin D card cites them (v2).</summary>
    public const string GuidelineLine =
        "Sources: Endocrine Society 2024 (Demay et al., doi:10.1210/clinem/dgae290), which updates and replaces "
        + "for people without established indications the Endocrine Society 2011 guideline (Holick et al., doi:10.1210/jc.2011-0385).";
}
