using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace BoneCds.Rules.Cards;

/// <summary>
/// A drafted vitamin D regimen as far as the order says it (clinical-rules.md v3 "Orders already drafted"): the dose per
/// administration in IU, whether it is daily or weekly, and the course length when one is stated. Read from the first
/// dosageInstruction (doseQuantity in IU, timing repeat, boundsDuration), else from the strength in the medication's name with
/// one unit a day. Null when neither can be read: the card then says to check the dose against the regimen.
/// </summary>
public sealed record DraftedRegimen(decimal DoseIu, bool Weekly, int? Weeks)
{
    /// <summary>1 ug of cholecalciferol or ergocalciferol is 40 IU.</summary>
    private const decimal IuPerMicrogram = 40m;

    private static readonly Regex Strength = new(@"(\d[\d,]*(?:\.\d+)?)\s*(UNT|IU|\[iU\]|units?|MCG|ug)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    public string Text => $"{DoseIu:N0} IU {(Weekly ? "once weekly" : "daily")}" + (Weeks is { } w ? $" for {w} weeks" : "");

    /// <summary>The daily dose for a daily regimen (weekly ones are never averaged, as the spec asks).</summary>
    public decimal? DailyIu => Weekly ? null : DoseIu;

    public static DraftedRegimen? Read(MedicationRequest request, string name)
    {
        var dosage = request.DosageInstruction.FirstOrDefault();
        var dose = dosage?.DoseAndRate.Select(d => d.Dose).OfType<Quantity>().FirstOrDefault();
        var repeat = dosage?.Timing?.Repeat;
        if (dose?.Value is { } value && ToIu(value, dose.Code ?? dose.Unit) is { } iu)
        {
            var perDay = repeat is null ? 1m : (repeat.Frequency ?? 1) / (decimal)(repeat.Period ?? 1);
            var weekly = repeat?.PeriodUnit == Timing.UnitsOfTime.Wk && repeat.Frequency is null or 1 && repeat.Period is null or 1;
            if (!weekly && (repeat?.PeriodUnit is not (null or Timing.UnitsOfTime.D) || perDay != 1)) return null; // another timing
            return new DraftedRegimen(iu, weekly, WeeksOf(repeat?.Bounds as Duration));
        }
        var match = Strength.Match(name);
        if (!match.Success || !decimal.TryParse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number,
                CultureInfo.InvariantCulture, out var strength)) return null;
        return ToIu(strength, match.Groups[2].Value) is { } fromName ? new DraftedRegimen(fromName, false, null) : null;
    }

    private static decimal? ToIu(decimal value, string? unit) => unit?.ToLowerInvariant() switch
    {
        "[iu]" or "iu" or "unt" or "unit" or "units" or "[iu]/d" => value,
        "ug" or "mcg" => value * IuPerMicrogram,
        _ => null,
    };

    private static int? WeeksOf(Duration? bounds) => bounds?.Value is not { } v ? null : bounds.Code switch
    {
        "wk" => (int)v,
        "d" => (int)Math.Round(v / 7),
        "mo" => (int)Math.Round(v * 52 / 12),
        _ => null,
    };
}
