using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace BoneCds.Rules.Fhir;

// What the rules read of one Observation, whichever parser read it: the lean model builds these straight from the JSON, a Firely
// Observation (a single resource, an entry the lean model handed back) is turned into them by ObservationFacts.From.

public sealed record CodingFacts(string? System, string? Code, string? Display);

public sealed record ConceptFacts(IReadOnlyList<CodingFacts> Codings, string? Text)
{
    public static ConceptFacts? From(CodeableConcept? concept) => concept is null ? null
        : new(concept.Codings().Select(c => new CodingFacts(c.System, c.Code, c.Display)).ToList(), concept.Text);
}

public sealed record QuantityFacts(decimal? Value, string? Comparator, string? Unit, string? System, string? Code);

/// <summary>value[x]: a Quantity, a string, an integer, or another kind the rules do not read as a number (its FHIR type name).</summary>
public sealed record ValueFacts(QuantityFacts? Quantity = null, string? Text = null, int? Integer = null, string? OtherType = null)
{
    public string TypeName => Quantity is not null ? "Quantity" : Text is not null ? "string" : Integer is not null ? "integer"
        : OtherType ?? "unknown";

    /// <param name="comparator">False while only telling whether the rules know the Observation (the comparator is read later).</param>
    public static ValueFacts? From(DataType? value, bool comparator = true) => value switch
    {
        null => null,
        Quantity q => new(new QuantityFacts(q.Value, comparator ? q.Comparator?.GetLiteral() : null, q.Unit, q.System, q.Code)),
        FhirString { Value: { } text } => new(Text: text),
        Integer { Value: { } whole } => new(Integer: whole),
        _ => new(OtherType: value.TypeName),
    };
}

public sealed record ComponentFacts(ConceptFacts? Code, ValueFacts? Value, ConceptFacts? DataAbsentReason);

/// <param name="Source">"Observation/id", as rejections and measurements name it.</param>
/// <param name="EffectiveDateTime">effectiveDateTime, else effectivePeriod.end, else its start (v3.1), as written.</param>
public sealed record ObservationFacts(string Source, ConceptFacts? Code, ValueFacts? Value, ConceptFacts? BodySite,
    IReadOnlyList<ComponentFacts> Components)
{
    public ObservationStatus? Status { get; init; }
    public string? SubjectReference { get; init; }
    public string? EffectiveDateTime { get; init; }
    public DateTimeOffset? EffectiveInstant { get; init; }
    public DateTimeOffset? Issued { get; init; }
    public ConceptFacts? DataAbsentReason { get; init; }

    /// <summary>referenceRange[0].low and .high (v4: alkaline phosphatase is judged by the result's own range when given).</summary>
    public (QuantityFacts? Low, QuantityFacts? High) ReferenceRange { get; init; }

    /// <summary>
    /// Why an element read only for a known Observation (status, subject, dates, values) does not fit the FHIR model, or null.
    /// Reported only when the rules know the Observation, as when those elements were read lazily from Firely's POCO.
    /// </summary>
    public string? ReadProblem { get; init; }

    /// <summary>The facts of a Firely Observation, or the ones the lean reader attached to it.</summary>
    public static ObservationFacts Of(Observation observation) =>
        observation is LeanObservationCarrier lean ? lean.Facts : From(observation);

    public static ObservationFacts From(Observation observation)
    {
        // What tells whether the rules know it: a misfit here rejects it at once (FhirReadGuard), as before.
        var facts = new ObservationFacts(FhirResourceParser.Describe(observation), ConceptFacts.From(observation.Code),
            ValueFacts.From(observation.Value, comparator: false), ConceptFacts.From(observation.BodySite),
            observation.Component.Where(c => c is not null).Select(c => new ComponentFacts(ConceptFacts.From(c.Code), null, null))
                .ToList());
        try
        {
            var effective = observation.Effective switch
            {
                FhirDateTime dateTime => dateTime.Value,
                Period period => period.EndElement?.Value ?? period.StartElement?.Value, // v3.1: else its start
                _ => null,
            };
            var instant = (observation.Effective as Instant)?.Value;
            return facts with
            {
                Status = observation.Status,
                SubjectReference = observation.Subject?.Reference,
                EffectiveDateTime = effective,
                EffectiveInstant = instant,
                Issued = effective is null && instant is null ? observation.Issued : null, // only read when it is the date used
                Value = ValueFacts.From(observation.Value),
                DataAbsentReason = observation.Value is null ? ConceptFacts.From(observation.DataAbsentReason) : null, // as above
                ReferenceRange = observation.ReferenceRange.FirstOrDefault() is { } range
                    ? (ValueFacts.From(range.Low)?.Quantity, ValueFacts.From(range.High)?.Quantity) : default,
                Components = observation.Component.Where(c => c is not null).Select(c =>
                    new ComponentFacts(ConceptFacts.From(c.Code), ValueFacts.From(c.Value),
                    ConceptFacts.From(c.DataAbsentReason))).ToList(),
            };
        }
        catch (Exception e) when (FhirReadGuard.IsModelMisfit(e))
        {
            return facts with { ReadProblem = e.Message };
        }
    }
}

/// <summary>
/// An Observation read by the lean model: it travels through Bundles, the prefetch cache and the evaluator as a Firely resource
/// (so the rest of the pipeline is unchanged) but carries only its id and the facts; no other element is set.
/// </summary>
public sealed class LeanObservationCarrier : Observation
{
    public LeanObservationCarrier(ObservationFacts facts, string? id)
    {
        Facts = facts;
        Id = id;
    }

    public ObservationFacts Facts { get; }
}
