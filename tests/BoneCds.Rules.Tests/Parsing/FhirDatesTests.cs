using Hl7.Fhir.Model;

namespace BoneCds.Rules.Tests.Parsing;

/// <summary>The allocation-free date path must agree with Firely's parser on every form, valid or not.</summary>
public class FhirDatesTests
{
    [Theory]
    [InlineData("2026-11-01")]
    [InlineData("2026-11")]
    [InlineData("2026")]
    [InlineData("2026-11-01T08:00:00Z")]
    [InlineData("2026-11-01T08:00:00.1Z")]
    [InlineData("2026-11-01T08:00:00.1234567Z")]
    [InlineData("2026-11-01T08:00:00+02:00")]
    [InlineData("2026-11-01T08:00:00.125-05:30")]
    [InlineData("2026-11-01T08:00:00+14:00")]
    [InlineData("2026-11-01T23:59:59-12:00")]
    [InlineData("2024-02-29")]
    [InlineData("2026-11-01T08:00:00")]
    [InlineData("2026-11-01T08:00Z")]
    [InlineData("2026-02-29")]
    [InlineData("2026-13-45")]
    [InlineData("2026-11-01T25:00:00Z")]
    [InlineData("2026-11-01 08:00:00Z")]
    [InlineData("2026-11-01T08:00:00+2:00")]
    [InlineData("2026-11-01T08:00:00+15:00")]
    [InlineData("26-11-01")]
    [InlineData("2026-11-01T08:00:00z")]
    [InlineData("")]
    [InlineData("2026-11-01T08:00:60Z")]
    [InlineData("2026-11-01T24:00:00Z")]
    [InlineData("2026-11-01T08:60:00Z")]
    [InlineData("0000-01-01")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData("2026-11-01T08:00:00.12345678Z")]
    [InlineData("2026-11-01T08:00:00.Z")]
    [InlineData("2026-11-01T08:00:00.1234567+02:00")]
    [InlineData("2026-11-01T08:00:00+13:59")]
    [InlineData("2026-11-01T08:00:00+14:01")]
    [InlineData("2026-11-01T08:00:00+02:60")]
    [InlineData("2026-11-01T08:00:00-00:00")]
    [InlineData("2026-11-01T08:00:00-14:00")]
    [InlineData("2026-1a-01")]
    [InlineData("\uFF12\uFF10\uFF12\uFF16-11-01")]
    [InlineData("2026-11-01T08:00:00Z ")]
    [InlineData(" 2026-11-01")]
    [InlineData("2026-11-01T08:00:00+0200")]
    [InlineData("2026-04-31")]
    [InlineData("2000-02-29T12:00:00.5-03:00")]
    public void Agrees_with_firely(string value)
    {
        DateTimeOffset? firely;
        try { firely = FhirDateTime.IsValidValue(value) ? new FhirDateTime(value).ToDateTimeOffset(TimeSpan.Zero) : null; }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            firely = null;
        }

        var ours = FhirDates.TryParse(value, out var parsed) ? parsed : (DateTimeOffset?)null;

        Assert.Equal(firely, ours);
        Assert.Equal(firely?.Offset, ours?.Offset);
    }

    [Theory]
    [InlineData("2026-11-01T08:00:00Z", true)]
    [InlineData("2026-11-01T08:00:00.5+01:00", true)]
    [InlineData("2026-11-01T08:00:00", false)]
    [InlineData("2026-11-01", false)]
    [InlineData("2026-11-01T08:00:60Z", false)]
    public void Only_zoned_full_forms_are_read_as_instants_here(string value, bool read) =>
        Assert.Equal(read, FhirDates.TryParseFullInstant(value, out _));
}
