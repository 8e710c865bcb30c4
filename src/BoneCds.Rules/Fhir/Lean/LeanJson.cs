using System.Text;
using System.Text.Json;

namespace BoneCds.Rules.Fhir.Lean;

/// <summary>
/// Reading FHIR JSON elements in place for the lean readers. Each helper is called with the reader on a member name, reads its
/// value, and answers false when the JSON type is not the one FHIR gives that element (the caller then hands the resource to
/// Firely).
/// </summary>
internal static class LeanJson
{
    // Every result in a prefetch names the same patient: the subject read last is handed out again when it is the same text.
    [ThreadStatic] private static string? t_lastSubject;

    /// <summary>A CodeableConcept's codings and text.</summary>
    public static bool TryConcept(ref Utf8JsonReader reader, out ConceptFacts? concept)
    {
        concept = null;
        if (!TryOpen(ref reader, JsonTokenType.StartObject)) return false;
        List<CodingFacts>? codings = null;
        string? text = null;
        var names = new MemberNames();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!names.TryAdd(reader)) return false;
            // The text is often the first coding's display again: then it is the same string.
            var display = codings is [{ Display: { } first }, ..] ? first : null;
            if (Is(ref reader, "text"u8)) { if (!TryString(ref reader, out text, ref display)) return false; }
            else if (Is(ref reader, "coding"u8)) { if (!TryCodings(ref reader, out codings)) return false; }
            else if (!SkipUnknown(ref reader)) return false;
        }
        concept = new ConceptFacts((IReadOnlyList<CodingFacts>?)codings ?? [], text);
        return true;
    }

    /// <summary>A JSON null inside the array is not FHIR; Firely rejects some such arrays and keeps others: it decides.</summary>
    public static bool TryCodings(ref Utf8JsonReader reader, out List<CodingFacts>? codings)
    {
        codings = null;
        if (!TryOpen(ref reader, JsonTokenType.StartArray)) return false;
        codings = new List<CodingFacts>(1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!IsOpenAndNotEmpty(reader, JsonTokenType.StartObject)) return false;
            string? system = null, code = null, display = null;
            var names = new MemberNames();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!names.TryAdd(reader)) return false;
                var ok = Is(ref reader, "system"u8) ? TryString(ref reader, out system)
                    : Is(ref reader, "code"u8) ? TryString(ref reader, out code)
                    : Is(ref reader, "display"u8) ? TryString(ref reader, out display)
                    : SkipUnknown(ref reader);
                if (!ok) return false;
            }
            codings.Add(new CodingFacts(system, code, display));
        }
        return true;
    }

    /// <summary>
    /// An instant is a full date-time with a zone: only the exact forms are taken here (read in place, no string), anything else
    /// is Firely's.
    /// </summary>
    public static bool TryInstant(ref Utf8JsonReader reader, out DateTimeOffset? instant)
    {
        instant = null;
        reader.Read();
        if (reader.TokenType != JsonTokenType.String || reader.HasValueSequence || reader.ValueSpan.Length > 64) return false;
        Span<char> text = stackalloc char[64];
        if (!FhirDates.TryParseFullInstant(text[..reader.CopyString(text)], out var parsed)) return false;
        instant = parsed;
        return true;
    }

    /// <summary>A Reference's reference (the rest of it is not read).</summary>
    public static bool TryReference(ref Utf8JsonReader reader, out string? reference)
    {
        reference = null;
        if (!TryOpen(ref reader, JsonTokenType.StartObject)) return false;
        var names = new MemberNames();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!names.TryAdd(reader)) return false;
            if (!(Is(ref reader, "reference"u8) ? TryString(ref reader, out reference, ref t_lastSubject) : SkipUnknown(ref reader)))
                return false;
        }
        return true;
    }

    /// <summary>A Period's start and end as written (the caller checks them as dates).</summary>
    public static bool TryPeriod(ref Utf8JsonReader reader, out string? start, out string? end)
    {
        (start, end) = (null, null);
        if (!TryOpen(ref reader, JsonTokenType.StartObject)) return false;
        var names = new MemberNames();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!names.TryAdd(reader)) return false;
            var ok = Is(ref reader, "start"u8) ? TryString(ref reader, out start)
                : Is(ref reader, "end"u8) ? TryString(ref reader, out end)
                : SkipUnknown(ref reader);
            if (!ok) return false;
        }
        return true;
    }

    public static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) => reader.ValueTextEquals(name);

    /// <summary>
    /// Moves onto the member's value: true when it opens with <paramref name="start"/> (an object or an array) and is not empty;
    /// false for any other JSON type, a null included, and for an empty object or array: none of these is FHIR, and Firely
    /// rejects them ("expected a primitive value, not a json null", "an object needs to have at least one property").
    /// </summary>
    public static bool TryOpen(ref Utf8JsonReader reader, JsonTokenType start)
    {
        reader.Read();
        return IsOpenAndNotEmpty(reader, start);
    }

    /// <summary>The reader is on a non-empty object or array opened by <paramref name="start"/> (an array's item, say).</summary>
    public static bool IsOpenAndNotEmpty(Utf8JsonReader copy, JsonTokenType start) =>
        copy.TokenType == start && copy.Read()
        && copy.TokenType != (start == JsonTokenType.StartObject ? JsonTokenType.EndObject : JsonTokenType.EndArray);

    /// <summary>
    /// The value of the member the reader is on, a string (pooled when common); false for any other JSON type, null included
    /// (Firely: "expected a primitive value, not a json null").
    /// </summary>
    public static bool TryString(ref Utf8JsonReader reader, out string? value)
    {
        string? none = null;
        return TryString(ref reader, out value, ref none);
    }

    /// <summary>As above; a value equal to <paramref name="recent"/> is that same string, and a new one becomes the recent one.</summary>
    public static bool TryString(ref Utf8JsonReader reader, out string? value, ref string? recent)
    {
        reader.Read();
        value = reader.TokenType == JsonTokenType.String ? CommonStrings.Get(ref reader, ref recent) : null;
        return value is not null;
    }

    /// <summary>
    /// Skips a member these readers do not read, unless Firely would read it as something they judge: FHIR names are
    /// case-sensitive, but Firely reads "Subject" or "ValueQuantity" as the element, and a value[x], effective[x] or medication[x]
    /// form these readers do not read (valueBoolean, effectiveInstant, medicationReference) is Firely's to read. Such a resource
    /// (or one with an escaped member name) is left to Firely (false) rather than read without the element. A member repeated
    /// anywhere inside the skipped value sends it to Firely too, which refuses it: both paths read the same bytes alike.
    /// </summary>
    public static bool SkipUnknown(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || MaySpellReadElement(reader.ValueSpan)) return false;
        reader.Read();
        return MemberNames.SkipValue(ref reader);
    }

    // Every member name the lean readers read, at any level, and the choice-type stems whose other forms go to Firely.
    private static readonly string[] ReadNames =
    [
        "resourceType", "id", "status", "subject", "reference", "code", "text", "coding", "system", "display", "bodySite",
        "dataAbsentReason", "component", "issued", "start", "end", "unit", "comparator", "contained", "authoredOn",
        "dispenseRequest", "validityPeriod",
    ];

    private static readonly string[] ChoiceStems = ["value", "effective", "medication"];

    /// <summary>
    /// A read element in another case, or a primitive's extension ("_status", "_effectiveDateTime": FHIR JSON puts a primitive's
    /// id and extensions there, and Firely reads them into the element).
    /// </summary>
    private static bool MaySpellReadElement(ReadOnlySpan<byte> name)
    {
        var extension = name.Length > 1 && name[0] == (byte)'_';
        if (extension) name = name[1..];
        foreach (var stem in ChoiceStems)
            if (name.Length >= stem.Length && Ascii.EqualsIgnoreCase(name[..stem.Length], stem)) return true;
        foreach (var known in ReadNames)
            if (known.Length == name.Length && Ascii.EqualsIgnoreCase(name, known) && (extension || !Ascii.Equals(name, known)))
                return true;
        return false;
    }
}
