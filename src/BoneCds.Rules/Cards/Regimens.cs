using Hl7.Fhir.Model;

namespace BoneCds.Rules.Cards;

/// <summary>A vitamin D3 regimen: the text shown and the structured dose carried by the suggested MedicationRequest.</summary>
public sealed record Regimen(string Text, decimal DoseIu, Timing.UnitsOfTime Period, int? Weeks);

/// <summary>Vitamin D3 regimens from clinical-rules.md "Recommendations", written once.</summary>
public static class Regimens
{
    public const string Maintenance = "1,500-2,000 IU daily";

    public static readonly Regimen WeeklyRepletion = new(
        $"Vitamin D3 50,000 IU orally once weekly for 8 weeks, then {Maintenance} maintenance", 50000, Timing.UnitsOfTime.Wk, 8);

    public static readonly Regimen DailyRepletion = new(
        $"Vitamin D3 6,000 IU orally once daily for 8 weeks, then {Maintenance} maintenance", 6000, Timing.UnitsOfTime.D, 8);

    public static readonly Regimen DailyInsufficiency =
        new("Vitamin D3 1,500-2,000 IU orally once daily", 2000, Timing.UnitsOfTime.D, null);
}
