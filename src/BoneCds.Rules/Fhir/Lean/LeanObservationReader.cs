using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace BoneCds.Rules.Fhir.Lean;

/// <summary>
/// Reads one Observation with the source-generated lean model straight into the <see cref="ObservationFacts"/> the rules read
/// (carried by a <see cref="LeanObservationCarrier"/>; no Firely elements are built). Every value is checked: status and
/// comparator codes with Firely's parser, dates with <see cref="FhirDates"/> (exact full forms, else Firely's parser). When the
/// lean model cannot hold the JSON (a wrong JSON type, an unknown code, a bad date, a value[x] the rules do not read) it answers
/// false and the caller reads the same bytes with Firely, so a defective Observation is rejected exactly as before, with the
/// SDK's message; only well-formed ones take the fast path.
/// </summary>
public static class LeanObservationReader
{
    /// <summary>The reader is on the Observation's start; on true it is left on its end, on false its position is undefined.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, out Observation? observation)
    {
        observation = null;
        LeanObservation? lean;
        try { lean = JsonSerializer.Deserialize(ref reader, LeanJsonContext.Default.LeanObservation); }
        catch (JsonException) { return false; }
        catch (InvalidOperationException) { return false; }
        if (lean is null || lean.ResourceType != "Observation") return false;
        // A JSON null inside an array is not FHIR; Firely rejects some such arrays and keeps others: it decides.
        if (HasNull(lean.Code) || HasNull(lean.BodySite) || HasNull(lean.DataAbsentReason)
            || lean.Component?.Any(c => c is null || HasNull(c.Code) || HasNull(c.DataAbsentReason)) == true) return false;

        ObservationStatus? status = null;
        if (lean.Status is not null && (status = EnumUtility.ParseLiteral<ObservationStatus>(lean.Status)) is null) return false;
        if (!TryValue(lean, out var value)) return false;
        if (!TryEffective(lean, out var effective)) return false;
        DateTimeOffset? issued = null;
        if (lean.Issued is not null)
        {
            // An instant is a full date-time with a zone: only the exact forms are taken here, anything else is Firely's.
            if (!FhirDates.TryParseFullInstant(lean.Issued, out var parsed)) return false;
            issued = parsed;
        }
        var components = new List<ComponentFacts>(lean.Component?.Count ?? 0);
        foreach (var c in lean.Component ?? [])
        {
            if (!TryValue(c, out var componentValue)) return false;
            components.Add(new ComponentFacts(Concept(c.Code), componentValue, Concept(c.DataAbsentReason)));
        }

        var facts = new ObservationFacts(FhirResourceParser.Describe("Observation", lean.Id), Concept(lean.Code), value,
            Concept(lean.BodySite), components)
        {
            Status = status,
            SubjectReference = lean.Subject?.Reference,
            EffectiveDateTime = effective,
            Issued = issued,
            DataAbsentReason = Concept(lean.DataAbsentReason),
        };
        observation = new LeanObservationCarrier(facts, lean.Id);
        return true;
    }

    private static bool HasNull(LeanConcept? concept) => concept?.Coding?.Any(c => c is null) == true;

    private static int Present(bool a, bool b, bool c = false) => (a ? 1 : 0) + (b ? 1 : 0) + (c ? 1 : 0);

    /// <summary>At most one value[x], and only the kinds the rules read as a number; anything else is Firely's to read.</summary>
    private static bool TryValue(LeanCodedValue holder, out ValueFacts? value)
    {
        value = null;
        var (quantity, text, integer) = (holder.ValueQuantity, holder.ValueString, holder.ValueInteger);
        if (holder.HasOtherValue || Present(quantity is not null, text is not null, integer is not null) > 1) return false;
        if (text is not null) value = new ValueFacts(Text: text);
        else if (integer is not null) value = new ValueFacts(Integer: integer);
        else if (quantity is not null)
        {
            if (quantity.Comparator is not null && EnumUtility.ParseLiteral<Quantity.QuantityComparator>(quantity.Comparator) is null)
                return false;
            value = new ValueFacts(new QuantityFacts(quantity.Value, quantity.Comparator, quantity.Unit, quantity.System, quantity.Code));
        }
        return true;
    }

    /// <summary>effectiveDateTime, else effectivePeriod.end, as written (checked); effectiveInstant and Timing are Firely's.</summary>
    private static bool TryEffective(LeanObservation o, out string? effective)
    {
        effective = null;
        if (o.EffectiveTiming is not null || o.EffectiveInstant is not null
            || Present(o.EffectiveDateTime is not null, o.EffectivePeriod is not null) > 1) return false;
        if (o.EffectiveDateTime is not null)
        {
            if (!FhirDates.TryParse(o.EffectiveDateTime, out _)) return false;
            effective = o.EffectiveDateTime;
        }
        else if (o.EffectivePeriod is { } period)
        {
            if (period.Start is not null && !FhirDates.TryParse(period.Start, out _)) return false;
            if (period.End is not null && !FhirDates.TryParse(period.End, out _)) return false;
            effective = period.End;
        }
        return true;
    }

    private static ConceptFacts? Concept(LeanConcept? concept)
    {
        if (concept is null) return null;
        var codings = new List<CodingFacts>(concept.Coding?.Count ?? 0);
        foreach (var coding in concept.Coding ?? []) codings.Add(new CodingFacts(coding.System, coding.Code, coding.Display));
        return new ConceptFacts(codings, concept.Text);
    }
}
