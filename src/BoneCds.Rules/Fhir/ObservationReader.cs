using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// Reads the Observations the rules know (by LOINC code, or a DXA score by unit/name and site) into measurements.
/// Every known observation that cannot be used is reported with the reason: status, subject, date, value, unit.
/// </summary>
public sealed partial class ObservationReader(StalenessWindows staleness)
{
    private const string UcumSystem = "http://unitsofmeasure.org";
    private static readonly HashSet<ObservationStatus> UsableStatuses =
        [ObservationStatus.Final, ObservationStatus.Amended, ObservationStatus.Corrected];

    /// <summary>Reads a Firely Observation (or the facts the lean reader attached to it).</summary>
    public void Read(Observation observation, SubjectReference subject, DateTimeOffset now, List<Measurement> into,
        List<RejectedInput> rejected) => Read(ObservationFacts.Of(observation), subject, now, into, rejected);

    public void Read(ObservationFacts observation, SubjectReference subject, DateTimeOffset now, List<Measurement> into,
        List<RejectedInput> rejected)
    {
        var source = observation.Source;
        var known = KnownEntry(observation.Code) ?? DxaSiteResolver.IdentifyByUnitOrName(observation);
        var hasComponents = false;
        for (var index = 0; index < observation.Components.Count && !hasComponents; index++)
            hasComponents = KnownEntry(observation.Components[index].Code) is not null;
        if (known is null && !hasComponents)
            return; // Not something these rules read (e.g. a blood pressure): not an error, just not ours.

        if (observation.ReadProblem is { } misfit)
        {
            rejected.Add(new RejectedInput(source, $"invalid FHIR: {misfit}", RejectionKind.InvalidFhir));
            return;
        }
        if (Unusable(observation, subject, now, out var when) is var (reason, kind))
        {
            rejected.Add(new RejectedInput(source, reason, kind));
            return;
        }
        if (known is not null)
            Add(known, observation.Code, observation.Value, observation.DataAbsentReason, source);
        for (var index = 0; index < observation.Components.Count; index++)
        {
            var component = observation.Components[index];
            if (KnownEntry(component.Code) is { } entry)
                Add(entry, component.Code, component.Value, component.DataAbsentReason, $"{source} component[{index}]");
        }

        void Add(LoincCatalog.Entry entry, ConceptFacts? code, ValueFacts? value, ConceptFacts? absent, string from)
        {
            var isDxaScore = entry.Analyte is Analyte.TScore or Analyte.ZScore;
            var site = isDxaScore ? DxaSiteResolver.Refine(entry.Site, observation.BodySite, code) : entry.Site;
            if (isDxaScore && SiteProblem(site) is { } problem)
            {
                rejected.Add(new RejectedInput(from, problem, RejectionKind.Site));
                return;
            }
            if (ToMeasurement(entry, site, value, absent, when, now, from, rejected) is { } measurement)
                into.Add(ReferenceCode(code, observation) ? WithRange(measurement, observation.ReferenceRange) : measurement);
        }
    }

    /// <summary>The range belongs to the Observation's own code, never to a component's.</summary>
    private static bool ReferenceCode(ConceptFacts? code, ObservationFacts observation) =>
        ReferenceEquals(code, observation.Code) && observation.ReferenceRange != default;

    /// <summary>The result's range in the canonical unit; a bound with no unit is taken in the result's own unit, an unknown unit is
    /// dropped (the configured range is used instead).</summary>
    private static Measurement WithRange(Measurement m, (QuantityFacts? Low, QuantityFacts? High) range)
    {
        decimal? Bound(QuantityFacts? q) => q?.Value is not { } v ? null
            : (q.Code ?? q.Unit) is { } unit ? UnitConversion.ToCanonical(m.Analyte, v, unit)
            : m.Value == 0 ? null : v * m.Value / m.ReportedValue;
        return m with { ReferenceLow = Bound(range.Low), ReferenceHigh = Bound(range.High) };
    }

    /// <summary>Known but unusable DXA sites are reported, never dropped without a word (v2).</summary>
    private static string? SiteProblem(SkeletalSite? site)
    {
        if (site is null) return "a DXA score whose skeletal site cannot be told (no catalogue code, bodySite or site in its text)";
        if (!site.Value.IsDiagnostic())
            return $"{site.Value.Describe()} is a non-diagnostic site: not used for the WHO category (ISCD: spine, hip, femoral neck, 33% "
                + $"radius)";
        return null;
    }

    private static LoincCatalog.Entry? KnownEntry(ConceptFacts? code)
    {
        if (code is null) return null;
        for (var index = 0; index < code.Codings.Count; index++)
        {
            var coding = code.Codings[index];
            if (coding.System == LoincCatalog.System && coding.Code is not null && LoincCatalog.TryGet(coding.Code, out var entry))
                return entry;
        }
        return null;
    }

    /// <summary>Why a known observation cannot be used at all (status, subject, date), or null with its effective time.</summary>
    private static (string Reason, RejectionKind Kind)? Unusable(ObservationFacts observation, SubjectReference subject,
        DateTimeOffset now, out DateTimeOffset when)
    {
        when = default;
        if (observation.Status is not { } status || !UsableStatuses.Contains(status))
            return ($"status '{observation.Status?.GetLiteral() ?? "missing"}' is not used (only final, amended, corrected)",
                RejectionKind.Status);
        if (subject.Problem(observation.SubjectReference) is { } problem) return (problem, RejectionKind.Subject);
        if (EffectiveTime(observation) is not { } effective)
            return ("no effective[x] or issued date, so recency cannot be judged", RejectionKind.Date);
        when = effective;
        if (when > now.AddDays(1)) return ("effective date is in the future", RejectionKind.Date);
        return null;
    }

    private Measurement? ToMeasurement(LoincCatalog.Entry entry, SkeletalSite? site, ValueFacts? value, ConceptFacts? absent,
        DateTimeOffset when,
        DateTimeOffset now, string source, List<RejectedInput> rejected)
    {
        var analyte = entry.Analyte;
        if (value is null)
        {
            var why = absent?.Codings.FirstOrDefault()?.Code ?? absent?.Text;
            rejected.Add(new RejectedInput(source, why is null ? "no value" : $"no value (dataAbsentReason: {why})",
                RejectionKind.Value));
            return null;
        }
        if (!TryReadValue(value, out var number, out var comparator, out var units))
        {
            rejected.Add(new RejectedInput(source, value.Text is { Length: > MaxValueTextLength }
                ? $"valueString is longer than {MaxValueTextLength} characters: not a measurement"
                : $"value is not a number with a unit ({value.TypeName})", RejectionKind.Value));
            return null;
        }

        var dimensionless = analyte is Analyte.TScore or Analyte.ZScore;
        // T/Z-scores are dimensionless: an absent unit cannot be mis-converted, so it is accepted.
        if (units.Count == 0 && dimensionless) units = new UnitCandidates("1");
        if (units.Count == 0)
        {
            rejected.Add(new RejectedInput(source, $"missing unit; accepted units: {UnitConversion.AcceptedUnits(analyte)}",
                RejectionKind.Unit));
            return null;
        }
        UnitConversion.UnitRow? row = null;
        for (var index = 0; index < units.Count && row is null; index++) row = UnitConversion.Find(analyte, units[index]);
        if (row is null)
        {
            rejected.Add(new RejectedInput(source,
                $"unit '{units[0]}' is not accepted; accepted units: {UnitConversion.AcceptedUnits(analyte)}", RejectionKind.Unit));
            return null;
        }
        return new Measurement(analyte, number / row.PerCanonical, UnitConversion.CanonicalUnit(analyte), number,
            DisplayUnit(units[^1], dimensionless), comparator, when, source, site, staleness.IsStale(analyte, when, now))
        {
            Side = entry.Side,
            ReportedIsSi = row.IsSi,
            ReportedUnitRelabelled = row.Relabelled,
            Entry = entry,
        };
    }

    /// <summary>People see the unit text the lab wrote ("T-Score"), never a bare UCUM "1" or braces.</summary>
    private static string DisplayUnit(string unit, bool dimensionless)
    {
        if (!dimensionless) return unit;
        var text = unit.Trim().Trim('{', '}');
        return text == "1" ? "" : text;
    }

    /// <summary>
    /// The number, comparator and the unit candidates, best first: the UCUM code, then the human-readable unit text (US Core's
    /// own serum-calcium example has a unit and no code). The last candidate is what people are shown.
    /// </summary>
    private static bool TryReadValue(ValueFacts value, out decimal number, out string? comparator, out UnitCandidates units)
    {
        (number, comparator, units) = (0m, null, default);
        if (value.Quantity is { Value: { } reported } quantity)
        {
            (number, comparator) = (reported, quantity.Comparator);
            if (!string.IsNullOrWhiteSpace(quantity.Code) && (quantity.System is null || quantity.System == UcumSystem))
                units = units.With(quantity.Code);
            if (!string.IsNullOrWhiteSpace(quantity.Unit)) units = units.With(quantity.Unit);
            return true;
        }
        if (value.Text is { } text && TryParseText(text, out var parsed))
        {
            (comparator, number) = (parsed.Comparator, parsed.Value);
            if (parsed.Unit is not null) units = new UnitCandidates(parsed.Unit);
            return true;
        }
        if (value.Integer is { } whole)
        {
            number = whole;
            return true;
        }
        return false;
    }

    /// <summary>"&lt;10 ng/mL" is 10 characters; a valueString longer than this is not a measurement and is never matched.</summary>
    public const int MaxValueTextLength = 64;

    // Linear-time engine and a timeout: an attacker's valueString cannot make the match backtrack (security review H1).
    [GeneratedRegex(@"^\s*(<=|>=|<|>)?\s*(-?\d+(?:\.\d+)?)\s*(\S+)?\s*$", RegexOptions.NonBacktracking, matchTimeoutMilliseconds: 100)]
    private static partial Regex ValueText();

    /// <summary>Reads "&lt;10 ng/mL" from valueString. The unit is still required (checked by the caller).</summary>
    private static bool TryParseText(string? text, out (string? Comparator, decimal Value, string? Unit) parsed)
    {
        parsed = default;
        if (text is null || text.Length > MaxValueTextLength) return false;
        Match match;
        try { match = ValueText().Match(text); }
        catch (RegexMatchTimeoutException) { return false; }
        if (!match.Success || !decimal.TryParse(match.Groups[2].Value, NumberStyles.Number, CultureInfo.InvariantCulture,
            out var number)) return false;
        parsed = (match.Groups[1].Success ? match.Groups[1].Value : null, number, match.Groups[3].Success ? match.Groups[3].Value : null);
        return true;
    }

    private static DateTimeOffset? EffectiveTime(ObservationFacts observation) =>
        observation.EffectiveDateTime is { } written ? Date(written) : observation.EffectiveInstant ?? observation.Issued;

    /// <summary>Partial dates ("2026-11") read as their start; a time without a zone as UTC.</summary>
    private static DateTimeOffset Date(string written) =>
        FhirDates.TryParse(written, out var when) ? when : throw new FormatException($"'{written}' is not a valid dateTime");

    /// <summary>At most two unit candidates (the UCUM code, then the unit text), best first, without a list per value.</summary>
    private readonly record struct UnitCandidates(string? First, string? Second = null)
    {
        public int Count => First is null ? 0 : Second is null ? 1 : 2;
        public string this[int index] => (index == 0 ? First : Second) ?? throw new ArgumentOutOfRangeException(nameof(index));
        public string this[Index index] => this[index.GetOffset(Count)];
        public UnitCandidates With(string unit) => First is null ? new(unit) : this with { Second = unit };
    }
}
