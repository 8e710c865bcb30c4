using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace BoneCds.Rules.Fhir;

/// <summary>Thrown when a payload is not a FHIR resource we can read at all (bad JSON, unknown resourceType, invalid Bundle
/// shell).</summary>
public sealed class FhirInputException(string message) : Exception(message);

/// <summary>A parsed resource plus the bundle entries that could not be read (reported, not used).</summary>
public sealed record ParsedResource(Resource Resource, IReadOnlyList<RejectedInput> RejectedEntries);

/// <summary>
/// Parses FHIR R4 JSON with the Firely SDK's System.Text.Json deserializer, syntax-strict but without the SDK's
/// per-element validation: profiling showed that validation was ~80% of the request's time and allocations (README
/// "Performance"). Instead, the elements the rules use are checked where they are read (<see cref="ClinicalInputReader"/>),
/// and a resource whose values do not fit the model (an unknown status code, a non-numeric value) is rejected there,
/// with the SDK's own message. Unknown resource types are refused here; bad Bundle entries are dropped one by one.
/// </summary>
public static class FhirResourceParser
{
    // One deserializer for the process: it caches its reflection metadata. JSON121 (an empty array, e.g. "entry": [])
    // is tolerated: EHRs send empty searchsets that way and nothing is lost by reading it as absent.
    private static readonly FhirJsonDeserializer Deserializer =
        new(new DeserializerSettings { Validator = null, AnnotateResourceParseExceptions = true }.Ignoring(["JSON121"]));

    public static ParsedResource Parse(string json, string sourceName) => Parse(System.Text.Encoding.UTF8.GetBytes(json), sourceName);

    public static ParsedResource Parse(ReadOnlySpan<byte> utf8Json, string sourceName)
    {
        var reader = new Utf8JsonReader(utf8Json);
        return Parse(ref reader, sourceName);
    }

    /// <summary>Reads one resource from the reader, leaving it on the resource's closing brace.</summary>
    public static ParsedResource Parse(ref Utf8JsonReader reader, string sourceName)
    {
        Resource resource;
        List<CodedException> errors = [];
        try
        {
            if (reader.TokenType == JsonTokenType.None && !reader.Read())
                throw new FhirInputException($"{sourceName}: empty body");
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new FhirInputException($"{sourceName}: expected a FHIR resource (a JSON object), found {reader.TokenType}");
            resource = Deserializer.DeserializeResource(ref reader);
        }
        catch (DeserializationFailedException e) when (e.PartialResult is Resource partial)
        {
            resource = partial;
            errors = e.Exceptions.ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or DeserializationFailedException)
        {
            throw new FhirInputException($"{sourceName}: not valid FHIR JSON ({e.Message})");
        }

        if (!ModelInfo.IsKnownResource(resource.TypeName))
            throw new FhirInputException(resource.TypeName.StartsWith("UnnamedResource", StringComparison.Ordinal)
                ? $"{sourceName}: invalid FHIR resource: " + string.Join("; ", errors.Take(5).Select(x => x.Message))
                : $"{sourceName}: unknown resourceType '{resource.TypeName}'");
        // Without the SDK validator a wrongly shaped element (an object where an array belongs, a number as an id)
        // surfaces when its property is first read; probe the ones read here so that happens now, with a clear message.
        try { _ = resource.Id; }
        catch (CodedException e) { throw new FhirInputException($"{sourceName}: invalid FHIR resource: {e.Message}"); }
        var rejected = new List<RejectedInput>();
        var entryErrors = 0;
        if (resource is Bundle bundle)
        {
            List<Bundle.EntryComponent> entries;
            try { _ = bundle.Type; entries = bundle.Entry; }
            catch (CodedException e) { throw new FhirInputException($"{sourceName}: invalid Bundle: {e.Message}"); }
            var kept = new List<Bundle.EntryComponent>(entries.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                var problems = new List<string>();
                Resource? r = null;
                try
                {
                    r = entries[i]?.Resource;
                    if (r is null) problems.Add("entry has no resource");
                    else
                    {
                        var annotated = r.Annotations<List<CodedException>>().SelectMany(x => x).Select(x => x.Message).ToList();
                        entryErrors += annotated.Count;
                        problems.AddRange(annotated);
                        if (!ModelInfo.IsKnownResource(r.TypeName)) problems.Add($"unknown resourceType '{r.TypeName}'");
                        _ = r.Id;
                    }
                }
                catch (CodedException e) { problems.Add(e.Message); }
                if (problems.Count == 0) { kept.Add(entries[i]); continue; }
                rejected.Add(new RejectedInput($"{sourceName} entry[{i}] {Describe(r)}", "invalid FHIR: " + string.Join("; ", problems)));
            }
            bundle.Entry = kept;
        }
        if (errors.Count > entryErrors)
            throw new FhirInputException($"{sourceName}: invalid FHIR resource: "
                + string.Join("; ", errors.Take(5).Select(x => x.Message)));
        return new ParsedResource(resource, rejected);
    }

    public static string Describe(Resource? r)
    {
        if (r is null) return "(no resource)";
        string? id;
        try { id = r.Id; }
        catch (CodedException) { id = null; }
        return id is null ? r.TypeName : $"{r.TypeName}/{id}";
    }
}
