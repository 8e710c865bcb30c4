using System.Globalization;
using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// FHIR dateTime/instant to a point in time. The common full forms (a date; a date-time with seconds and Z or an offset) are read
/// with exact formats that accept only valid FHIR, without allocating; every other form (partial dates, a time without a zone,
/// long fractions) goes to Firely's own parser. Firely's regex parse costs ~1.7 KB per call, on every Observation's date.
/// </summary>
public static class FhirDates
{
    private static readonly string[] ZonedForms =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
    ];

    private static readonly string[] FullForms = ["yyyy-MM-dd", .. ZonedForms];

    /// <summary>An instant in one of the full forms with a zone; false for anything else (the caller then asks Firely).</summary>
    public static bool TryParseFullInstant(string? value, out DateTimeOffset result)
    {
        result = default;
        return value is not null && value.Length >= 20 && TryExact(value, ZonedForms, out result);
    }

    /// <summary>
    /// As Firely: the point in time at offset zero. .NET's "zzz" also takes "+2:00", which FHIR does not: an offset must be
    /// written ±hh:mm.
    /// </summary>
    private static bool TryExact(string value, string[] forms, out DateTimeOffset result)
    {
        if (!DateTimeOffset.TryParseExact(value, forms, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out result))
            return false;
        if (value.Length > 10 && value[^1] != 'Z' && value[^6] is not ('+' or '-')) return false;
        result = result.ToOffset(TimeSpan.Zero);
        return true;
    }

    /// <summary>Partial dates ("2026-11") read as their start; a time without a zone as UTC; false when not a FHIR dateTime.</summary>
    public static bool TryParse(string? value, out DateTimeOffset result)
    {
        result = default;
        if (value is null) return false;
        if (TryExact(value, FullForms, out result)) return true;
        if (!FhirDateTime.IsValidValue(value)) return false;
        try
        {
            result = new FhirDateTime(value).ToDateTimeOffset(TimeSpan.Zero);
            return true;
        }
        catch (Exception e) when (FhirReadGuard.IsModelMisfit(e))
        {
            return false;
        }
    }
}
