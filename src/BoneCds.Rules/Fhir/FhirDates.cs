using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// FHIR dateTime/instant to a point in time. The common full forms (a date; a date-time with seconds, up to seven fraction digits
/// and Z or an offset) are read digit by digit, checked as strictly as FHIR's own pattern, without allocating; every other form
/// (partial dates, a time without a zone, a leap second, long fractions) and anything unsure goes to Firely's own parser.
/// Firely's regex parse costs ~1.7 KB per call and .NET's multi-format exact parse ~0.3-0.9 us, on every Observation's date.
/// </summary>
public static class FhirDates
{
    /// <summary>An instant in one of the full forms with a zone; false for anything else (the caller then asks Firely).</summary>
    public static bool TryParseFullInstant(ReadOnlySpan<char> value, out DateTimeOffset result)
    {
        result = default;
        return value.Length >= 20 && TryFullForm(value, out result);
    }

    /// <summary>Partial dates ("2026-11") read as their start; a time without a zone as UTC; false when not a FHIR dateTime.</summary>
    public static bool TryParse(string? value, out DateTimeOffset result)
    {
        result = default;
        if (value is null) return false;
        if (TryFullForm(value, out result)) return true;
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

    /// <summary>
    /// "yyyy-MM-dd", or "yyyy-MM-ddTHH:mm:ss[.f{1,7}](Z|±hh:mm)" with FHIR's ranges (offset up to 14:00), as the point in time at
    /// offset zero, as Firely reads it. False means "not this form", never "not valid": the caller asks Firely then.
    /// </summary>
    private static bool TryFullForm(ReadOnlySpan<char> text, out DateTimeOffset result)
    {
        result = default;
        if (text.Length != 10 && text.Length < 20) return false;
        if (!Number(text, 0, 4, out var year) || text[4] != '-' || !Number(text, 5, 2, out var month) || text[7] != '-'
            || !Number(text, 8, 2, out var day)) return false;
        // Years 1 and 9999 are left to Firely: an offset could carry the instant outside DateTimeOffset's range.
        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        if (text.Length == 10)
        {
            result = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
            return true;
        }
        if (text[10] != 'T' || !Number(text, 11, 2, out var hour) || text[13] != ':' || !Number(text, 14, 2, out var minute)
            || text[16] != ':' || !Number(text, 17, 2, out var second) || hour > 23 || minute > 59 || second > 59) return false;
        var position = 19;
        long fractionTicks = 0;
        if (text[position] == '.')
        {
            var digits = 0;
            while (position + 1 + digits < text.Length && char.IsAsciiDigit(text[position + 1 + digits])) digits++;
            if (digits is 0 or > 7 || !Number(text, position + 1, digits, out var fraction)) return false;
            fractionTicks = fraction * (long)Math.Pow(10, 7 - digits);
            position += 1 + digits;
        }
        var zone = text[position..];
        TimeSpan offset;
        if (zone is "Z") offset = TimeSpan.Zero;
        else if (zone.Length == 6 && zone[0] is '+' or '-' && Number(zone, 1, 2, out var offsetHours) && zone[3] == ':'
            && Number(zone, 4, 2, out var offsetMinutes) && OffsetInRange(offsetHours, offsetMinutes))
            offset = (zone[0] == '-' ? -1 : 1) * new TimeSpan(offsetHours, offsetMinutes, 0);
        else return false;
        result = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks).ToOffset(TimeSpan.Zero);
        return true;

        static bool OffsetInRange(int hours, int minutes) => minutes <= 59 && (hours < 14 || (hours == 14 && minutes == 0));
    }

    /// <summary>A run of ASCII digits (FHIR's [0-9], never other scripts' digits) at a position.</summary>
    private static bool Number(ReadOnlySpan<char> text, int start, int length, out int number)
    {
        number = 0;
        if (start + length > text.Length) return false;
        foreach (var c in text.Slice(start, length))
        {
            if (!char.IsAsciiDigit(c)) return false;
            number = number * 10 + (c - '0');
        }
        return true;
    }
}
