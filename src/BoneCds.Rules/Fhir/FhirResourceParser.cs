using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using BoneCds.Rules.Inputs;

namespace BoneCds.Rules.Fhir;

/// <summary>Thrown when a payload is not a FHIR resource we can read at all (bad JSON, unknown resourceType, invalid Bundle shell).</summary>
public sealed class FhirInputException(string message) : Exception(message);

/// <summary>A parsed resource plus the bundle entries that failed FHIR validation (reported, not used).</summary>
public sealed record ParsedResource(Resource Resource, IReadOnlyList<RejectedInput> RejectedEntries);

/// <summary>
/// Parses FHIR R4 JSON with the Firely SDK's System.Text.Json deserializer in strict mode. Invalid resources
/// inside a Bundle are annotated by the SDK and dropped individually, so one bad Observation does not lose the rest.
/// </summary>
public static class FhirResourceParser
{
    // One deserializer for the process: it caches its reflection metadata. JSON121 (an empty array, e.g. "entry": [])
    // is tolerated: EHRs send empty searchsets that way and nothing is lost by reading it as absent.
    private static readonly FhirJsonDeserializer Deserializer =
        new(new DeserializerSettings { AnnotateResourceParseExceptions = true }.Ignoring(["JSON121"]));

    public static ParsedResource Parse(string json, string sourceName)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        return Parse(ref reader, sourceName);
    }

    public static ParsedResource Parse(ReadOnlySpan<byte> utf8Json, string sourceName)
    {
        var reader = new Utf8JsonReader(utf8Json);
        return Parse(ref reader, sourceName);
    }

    public static ParsedResource Parse(JsonElement element, string sourceName) =>
        Parse(element.GetRawText(), sourceName);

    public static ParsedResource Parse(ref Utf8JsonReader reader, string sourceName)
    {
        try
        {
            if (reader.TokenType == JsonTokenType.None && !reader.Read())
                throw new FhirInputException($"{sourceName}: empty body");
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new FhirInputException($"{sourceName}: expected a FHIR resource (a JSON object), found {reader.TokenType}");
            return new ParsedResource(Deserializer.DeserializeResource(ref reader), []);
        }
        catch (DeserializationFailedException e)
        {
            return Salvage(e, sourceName);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new FhirInputException($"{sourceName}: not valid FHIR JSON ({e.Message})");
        }
    }

    /// <summary>A Bundle whose only errors sit inside entries is kept without those entries; anything else is refused.</summary>
    private static ParsedResource Salvage(DeserializationFailedException e, string sourceName)
    {
        var errors = e.Exceptions.ToList();
        if (e.PartialResult is Bundle bundle)
        {
            var rejected = new List<RejectedInput>();
            var kept = new List<Bundle.EntryComponent>();
            var entryErrorCount = 0;
            for (var i = 0; i < bundle.Entry.Count; i++)
            {
                var entry = bundle.Entry[i];
                var entryErrors = entry.Resource?.Annotations<List<CodedException>>().SelectMany(x => x).ToList() ?? [];
                if (entryErrors.Count == 0) { kept.Add(entry); continue; }
                entryErrorCount += entryErrors.Count;
                rejected.Add(new RejectedInput(
                    $"{sourceName} entry[{i}] {Describe(entry.Resource)}",
                    "invalid FHIR: " + string.Join("; ", entryErrors.Select(x => x.Message))));
            }
            if (entryErrorCount >= errors.Count && IsKnownResourceType(bundle))
            {
                bundle.Entry = kept;
                return new ParsedResource(bundle, rejected);
            }
        }
        throw new FhirInputException($"{sourceName}: invalid FHIR resource: " + string.Join("; ", errors.Take(5).Select(x => x.Message)));
    }

    private static bool IsKnownResourceType(Resource r) => ModelInfo.IsKnownResource(r.TypeName);

    public static string Describe(Resource? r) => r is null ? "(no resource)" : r.Id is null ? r.TypeName : $"{r.TypeName}/{r.Id}";
}
