using System.Globalization;

namespace BoneCds.Rules.Inputs;

/// <summary>One usable measurement, normalised to its analyte's canonical unit.</summary>
public sealed record Measurement(
    Analyte Analyte,
    decimal Value,
    string Unit,
    decimal ReportedValue,
    string ReportedUnit,
    string? Comparator,
    DateTimeOffset EffectiveAt,
    string Source,
    SkeletalSite? Site,
    bool IsStale)
{
    /// <summary>The side a DXA score was measured on.</summary>
    public BodySide Side { get; init; }

    /// <summary>Reported in an SI unit (nmol/L, pmol/L, mmol/L): compared with the SI threshold, never converted first.</summary>
    public bool ReportedIsSi { get; init; }

    /// <summary>
    /// The result's own reference range (referenceRange[0].low/high) in the canonical unit, when its unit is accepted (v4:
    /// alkaline phosphatase is judged by it, else by the configured range).
    /// </summary>
    public decimal? ReferenceLow { get; init; }
    public decimal? ReferenceHigh { get; init; }

    /// <summary>The catalogue row it was read by: breaks ties between results at the same time (never Bundle order).</summary>
    public LoincCatalog.Entry? Entry { get; init; }

    /// <summary>"left total hip", "lumbar spine": where a DXA score was measured.</summary>
    public string SiteText => Site is { } site ? Side.Describe() + site.Describe() : "";

    /// <summary>"&lt;10 ng/mL" style text of what the lab reported.</summary>
    public string Reported => $"{Comparator}{Format(ReportedValue)} {ReportedUnit}".Trim();

    /// <summary>Canonical value with unit; scores are dimensionless and print bare ("-2.7").</summary>
    public string Canonical => Analyte is Analyte.TScore or Analyte.ZScore
        ? $"{Comparator}{Format(Value)}" : $"{Comparator}{Format(Value)} {Unit}";

    /// <summary>The reported unit was read as the term's own (an eGFR in "mL/min"): cards name what was reported (v3.1).</summary>
    public bool ReportedUnitRelabelled { get; init; }

    /// <summary>True when the reported value differs from the canonical one (another unit), so the card shows both.</summary>
    public bool ReportedInOtherUnit => ReportedValue != Value || ReportedUnitRelabelled;

    /// <summary>"calcium 9.4 mg/dL (reported 2.35 mmol/L) on 2026-11-12": how a value is named inside a sentence.</summary>
    public string Describe(string name) =>
        $"{name} {Canonical}{(ReportedInOtherUnit ? $" (reported {Reported})" : "")} on {EffectiveAt:yyyy-MM-dd}";

    public static string Format(decimal v) => decimal.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>An input the service could not use, and why. Reported back, never guessed around.</summary>
/// <param name="Kind">The bounded category that metrics and API clients read; the reason text can hold the EHR's own words.</param>
public sealed record RejectedInput(string Source, string Reason, RejectionKind Kind)
{
    /// <summary>How many inputs this one stands for when more than one: those beyond a cap, listed as one (security review M1).</summary>
    public int? Count { get; init; }

    /// <summary>How many inputs a list of rejections stands for.</summary>
    public static int Total(IEnumerable<RejectedInput> rejected) => rejected.Sum(r => r.Count ?? 1);
}

/// <summary>Why an input was not used, as a category set where it is rejected (never read back from the reason text).</summary>
public enum RejectionKind
{
    /// <summary>The FHIR does not fit the model (a wrong type, an unknown code, a bad date): the SDK's message says how.</summary>
    InvalidFhir,
    /// <summary>A status the rules do not use (only final, amended, corrected results).</summary>
    Status,
    /// <summary>No subject, or a subject that is not the patient in context.</summary>
    Subject,
    /// <summary>A Patient resource other than the one in context.</summary>
    OtherPatient,
    /// <summary>No usable date, or a date in the future.</summary>
    Date,
    /// <summary>A DXA site that cannot be told or is not diagnostic.</summary>
    Site,
    /// <summary>No value, or a value that is not a number.</summary>
    Value,
    /// <summary>A missing or unaccepted unit.</summary>
    Unit,
}
