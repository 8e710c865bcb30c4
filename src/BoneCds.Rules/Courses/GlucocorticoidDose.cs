using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace BoneCds.Rules.Courses;

/// <summary>
/// A glucocorticoid's daily dose as prednisone equivalent (v4 GC-OSTEOPOROSIS: 2.5 mg/day or more). The spec names the threshold,
/// not the equivalences: these are the standard anti-inflammatory equivalent doses the 2022 ACR guideline's prednisone-equivalent
/// doses rest on (prednisone 5 mg = prednisolone 5 mg = methylprednisolone 4 mg = dexamethasone 0.75 mg = hydrocortisone 20 mg).
/// A dose is read only when the record says it plainly: one dose in mg and a timing of so many times per so many days.
/// </summary>
public static class GlucocorticoidDose
{
    public static readonly IReadOnlyList<(string Ingredient, decimal PrednisoneMgPerMg)> Equivalents =
    [
        ("prednisone", 1m), ("prednisolone", 1m), ("methylprednisolone", 1.25m), ("dexamethasone", 5m / 0.75m),
        ("hydrocortisone", 0.25m),
    ];

    private static readonly Regex[] Patterns = Equivalents
        .Select(e => new Regex($@"\b{e.Ingredient}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).ToArray();

    /// <summary>The prednisone-equivalent mg/day of a glucocorticoid record; null when its dose or its one ingredient is unknown.</summary>
    public static decimal? PrednisoneEquivalentPerDay(MedicationFact medication)
    {
        if (medication.DailyDoseMg is not { } mg) return null;
        var found = Enumerable.Range(0, Equivalents.Count).Where(i => Patterns[i].IsMatch(medication.Name)).ToList();
        return found.Count == 1 ? decimal.Round(mg * Equivalents[found[0]].PrednisoneMgPerMg, 2) : null;
    }

    /// <summary>mg per day from the first dosage with a dose in mg and a frequency per period; null when it does not say.</summary>
    public static decimal? DailyMg(IEnumerable<Dosage> dosages)
    {
        foreach (var dosage in dosages)
        {
            var quantity = dosage.DoseAndRate.Select(d => d.Dose).OfType<Quantity>().FirstOrDefault();
            var repeat = dosage.Timing?.Repeat;
            if (DailyMg(quantity?.Value, quantity?.Code ?? quantity?.Unit, repeat?.Frequency, repeat?.Period,
                repeat?.PeriodUnit?.ToString()) is { } mg) return mg;
        }
        return null;
    }

    /// <summary>dose x frequency / period, with the period in days (h, d, wk).</summary>
    public static decimal? DailyMg(decimal? dose, string? unit, int? frequency, decimal? period, string? periodUnit)
    {
        if (dose is not > 0 || !string.Equals(unit, "mg", StringComparison.OrdinalIgnoreCase) || period is not > 0) return null;
        decimal? days = periodUnit?.ToLowerInvariant() switch { "h" => period / 24m, "d" => period, "wk" => period * 7m, _ => null };
        return days is > 0 ? decimal.Round(dose.Value * (frequency ?? 1) / days.Value, 2) : null;
    }
}
