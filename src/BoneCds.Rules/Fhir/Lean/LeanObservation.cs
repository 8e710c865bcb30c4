using System.Text.Json.Serialization;

namespace BoneCds.Rules.Fhir.Lean;

// Only the Observation elements the v2 rules read (code, status, subject, effective[x], issued, value[x] with comparator and
// unit, dataAbsentReason, bodySite, components). System.Text.Json skips every other member without materialising it: that is
// the whole saving over Firely's POCOs (parse-performance review, 2026-11-26). Values are checked with Firely's own parsers
// in LeanObservationReader; anything these types cannot hold (a wrong JSON type, an unknown value[x]) falls back to Firely.

/// <summary>code, value[x] and dataAbsentReason: what an Observation and each of its components hold alike.</summary>
public abstract class LeanCodedValue
{
    public LeanConcept? Code { get; set; }
    public LeanQuantity? ValueQuantity { get; set; }
    public string? ValueString { get; set; }
    public int? ValueInteger { get; set; }
    public LeanConcept? DataAbsentReason { get; set; }

    // value[x] kinds the rules never read as a number: present means "not a measurement", and Firely reads them instead.
    public bool? ValueBoolean { get; set; }
    public object? ValueCodeableConcept { get; set; }
    public object? ValueRange { get; set; }
    public object? ValueRatio { get; set; }
    public object? ValueSampledData { get; set; }
    public object? ValuePeriod { get; set; }
    public string? ValueTime { get; set; }
    public string? ValueDateTime { get; set; }

    internal bool HasOtherValue => ValueBoolean is not null || ValueCodeableConcept is not null || ValueRange is not null
        || ValueRatio is not null || ValueSampledData is not null || ValuePeriod is not null || ValueTime is not null
        || ValueDateTime is not null;
}

public sealed class LeanObservation : LeanCodedValue
{
    public string? ResourceType { get; set; }
    public string? Id { get; set; }
    public string? Status { get; set; }
    public LeanReference? Subject { get; set; }
    public LeanConcept? BodySite { get; set; }
    public string? EffectiveDateTime { get; set; }
    public LeanPeriod? EffectivePeriod { get; set; }
    public string? EffectiveInstant { get; set; }
    public object? EffectiveTiming { get; set; }
    public string? Issued { get; set; }
    public List<LeanComponent>? Component { get; set; }
}

public sealed class LeanComponent : LeanCodedValue;

public sealed class LeanConcept
{
    public List<LeanCoding>? Coding { get; set; }
    public string? Text { get; set; }
}

public sealed class LeanCoding
{
    public string? System { get; set; }
    public string? Code { get; set; }
    public string? Display { get; set; }
}

public sealed class LeanReference
{
    public string? Reference { get; set; }
}

public sealed class LeanPeriod
{
    public string? Start { get; set; }
    public string? End { get; set; }
}

public sealed class LeanQuantity
{
    public decimal? Value { get; set; }
    public string? Comparator { get; set; }
    public string? Unit { get; set; }
    public string? System { get; set; }
    public string? Code { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LeanObservation))]
internal sealed partial class LeanJsonContext : JsonSerializerContext;
