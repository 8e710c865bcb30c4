using System.Text.Json;
using static BoneCds.Rules.Fhir.Lean.LeanJson;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace BoneCds.Rules.Fhir.Lean;

/// <summary>
/// Reads one Observation's JSON straight into the <see cref="ObservationFacts"/> the rules read (carried by a
/// <see cref="LeanObservationCarrier"/>; no Firely elements are built, no intermediate model). Only the elements the v2 rules read
/// are looked at (code, status, subject, effective[x], issued, value[x] with comparator and unit, dataAbsentReason, bodySite,
/// components); every other member is skipped unread. Every value is checked: status and comparator codes with Firely's parser,
/// dates with <see cref="FhirDates"/>. Anything this reader does not expect in what it reads (a wrong JSON type, a JSON null, an
/// empty object or array, a member name in another case or a primitive's "_" extension, an unknown code, a bad date, a value[x]
/// the rules do not read as a number, an effectiveInstant or Timing) makes it answer false, and the caller reads the same bytes
/// with Firely: a defective Observation is rejected exactly as before, with the SDK's message; only well-formed ones take the fast
/// path (LeanDifferentialFuzzTests holds both paths to the same outcome).
/// </summary>
public static class LeanObservationReader
{
    /// <summary>The reader is on the Observation's start; on true it is left on its end, on false its position is undefined.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, out Observation? observation)
    {
        observation = null;
        try { return TryReadObservation(ref reader, out observation); }
        catch (JsonException) { return false; }
        catch (InvalidOperationException) { return false; } // a lone surrogate escape, a number too large: Firely's to judge
    }

    private static bool TryReadObservation(ref Utf8JsonReader reader, out Observation? observation)
    {
        observation = null;
        var held = new CodedValue();
        string? resourceType = null, id = null, statusText = null, subject = null, effective = null;
        DateTimeOffset? issued = null;
        string? periodStart = null, periodEnd = null;
        bool hasEffectiveDateTime = false, hasPeriod = false;
        ConceptFacts? bodySite = null;
        List<ComponentFacts>? components = null;
        (QuantityFacts?, QuantityFacts?) range = default;
        var names = new MemberNames();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // A repeated member, or an escaped name ("st\u0061tus", legal JSON but never FHIR's): Firely judges it.
            if (reader.ValueIsEscaped || !names.TryAdd(reader)) return false;
            var ok = true;
            if (held.TryReadMember(ref reader, ref ok)) { }
            else if (Is(ref reader, "resourceType"u8)) ok = TryString(ref reader, out resourceType);
            else if (Is(ref reader, "id"u8)) ok = TryString(ref reader, out id);
            else if (Is(ref reader, "status"u8)) ok = TryString(ref reader, out statusText);
            else if (Is(ref reader, "subject"u8)) ok = TryReference(ref reader, out subject);
            else if (Is(ref reader, "bodySite"u8)) ok = TryConcept(ref reader, out bodySite);
            else if (Is(ref reader, "effectiveDateTime"u8))
            {
                ok = TryString(ref reader, out effective);
                hasEffectiveDateTime = effective is not null;
            }
            else if (Is(ref reader, "effectivePeriod"u8)) hasPeriod = ok = TryPeriod(ref reader, out periodStart, out periodEnd);
            else if (Is(ref reader, "issued"u8)) ok = TryInstant(ref reader, out issued);
            else if (Is(ref reader, "component"u8)) ok = TryComponents(ref reader, out components);
            else if (Is(ref reader, "referenceRange"u8)) ok = TryReferenceRange(ref reader, out range);
            else ok = SkipUnknown(ref reader);
            if (!ok) return false;
        }
        if (resourceType != "Observation" || !held.TryValue(out var value)) return false;
        ObservationStatus? status = null;
        if (statusText is not null && (status = EnumUtility.ParseLiteral<ObservationStatus>(statusText)) is null) return false;
        if (hasEffectiveDateTime && hasPeriod) return false;
        if (hasEffectiveDateTime && !FhirDates.TryParse(effective, out _)) return false;
        if (hasPeriod)
        {
            if ((periodStart is not null && !FhirDates.TryParse(periodStart, out _))
                || (periodEnd is not null && !FhirDates.TryParse(periodEnd, out _))) return false;
            effective = periodEnd ?? periodStart; // v3.1: a period with only a start is dated by it
        }
        var facts = new ObservationFacts(FhirResourceParser.Describe("Observation", id), held.Code, value, bodySite,
            (IReadOnlyList<ComponentFacts>?)components ?? [])
        {
            Status = status,
            SubjectReference = subject,
            EffectiveDateTime = effective,
            Issued = issued,
            DataAbsentReason = held.DataAbsentReason,
            ReferenceRange = range,
        };
        observation = new LeanObservationCarrier(facts, id);
        return true;
    }

    /// <summary>code, value[x] and dataAbsentReason: what an Observation and each of its components hold alike.</summary>
    private struct CodedValue
    {
        public ConceptFacts? Code;
        public ConceptFacts? DataAbsentReason;
        private QuantityFacts? _quantity;
        private string? _text;
        private int? _integer;

        /// <summary>Reads the member the reader is on if it is one of these (true); <paramref name="ok"/> false on a misfit.</summary>
        public bool TryReadMember(ref Utf8JsonReader reader, ref bool ok)
        {
            if (Is(ref reader, "code"u8)) ok = TryConcept(ref reader, out Code);
            else if (Is(ref reader, "dataAbsentReason"u8)) ok = TryConcept(ref reader, out DataAbsentReason);
            else if (Is(ref reader, "valueQuantity"u8)) ok = TryQuantity(ref reader, out _quantity);
            else if (Is(ref reader, "valueString"u8)) ok = TryString(ref reader, out _text);
            else if (Is(ref reader, "valueInteger"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var whole)) _integer = whole;
                else ok = false;
            }
            else return false;
            return true;
        }

        /// <summary>At most one value[x], and only the kinds the rules read as a number; anything else is Firely's to read.</summary>
        public readonly bool TryValue(out ValueFacts? value)
        {
            value = null;
            if ((_quantity is not null ? 1 : 0) + (_text is not null ? 1 : 0) + (_integer is not null ? 1 : 0) > 1)
                return false;
            if (_text is not null) value = new ValueFacts(Text: _text);
            else if (_integer is not null) value = new ValueFacts(Integer: _integer);
            else if (_quantity is not null)
            {
                if (_quantity.Comparator is not null
                    && EnumUtility.ParseLiteral<Quantity.QuantityComparator>(_quantity.Comparator) is null) return false;
                value = new ValueFacts(_quantity);
            }
            return true;
        }
    }

    private static bool TryComponents(ref Utf8JsonReader reader, out List<ComponentFacts>? components)
    {
        components = null;
        if (!TryOpen(ref reader, JsonTokenType.StartArray)) return false;
        components = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!IsOpenAndNotEmpty(reader, JsonTokenType.StartObject)) return false;
            var held = new CodedValue();
            var names = new MemberNames();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped || !names.TryAdd(reader)) return false;
                var ok = true;
                if (!held.TryReadMember(ref reader, ref ok)) ok = SkipUnknown(ref reader);
                if (!ok) return false;
            }
            if (!held.TryValue(out var value)) return false;
            components.Add(new ComponentFacts(held.Code, value, held.DataAbsentReason));
        }
        return true;
    }

    /// <summary>referenceRange: the first range's low and high (v4); later ranges (age- or sex-specific ones) are skipped.</summary>
    private static bool TryReferenceRange(ref Utf8JsonReader reader, out (QuantityFacts? Low, QuantityFacts? High) range)
    {
        range = default;
        if (!TryOpen(ref reader, JsonTokenType.StartArray)) return false;
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) return false;
            if (!first)
            {
                reader.Skip();
                continue;
            }
            first = false;
            var names = new MemberNames();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!names.TryAdd(reader)) return false;
                var ok = Is(ref reader, "low"u8) ? TryQuantity(ref reader, out range.Low)
                    : Is(ref reader, "high"u8) ? TryQuantity(ref reader, out range.High)
                    : SkipUnknown(ref reader);
                if (!ok) return false;
            }
        }
        return reader.TokenType == JsonTokenType.EndArray;
    }

    private static bool TryQuantity(ref Utf8JsonReader reader, out QuantityFacts? quantity)
    {
        quantity = null;
        if (!TryOpen(ref reader, JsonTokenType.StartObject)) return false;
        decimal? number = null;
        string? comparator = null, unit = null, system = null, code = null;
        var names = new MemberNames();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!names.TryAdd(reader)) return false;
            bool ok;
            if (Is(ref reader, "value"u8))
            {
                reader.Read();
                ok = reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out _);
                number = ok ? reader.GetDecimal() : null;
            }
            else ok = Is(ref reader, "comparator"u8) ? TryString(ref reader, out comparator)
                : Is(ref reader, "unit"u8) ? TryString(ref reader, out unit)
                : Is(ref reader, "system"u8) ? TryString(ref reader, out system)
                : Is(ref reader, "code"u8) ? TryString(ref reader, out code)
                : SkipUnknown(ref reader);
            if (!ok) return false;
        }
        quantity = new QuantityFacts(number, comparator, unit, system, code);
        return true;
    }

}
