using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace BoneCds.Rules.Fhir;

/// <summary>Thrown when a payload is not a FHIR resource we can read at all (bad JSON, unknown resourceType, invalid Bundle
/// shell).</summary>
public sealed class FhirInputException(string message) : Exception(message);

/// <summary>
/// Marks a medication record that was rejected as unreadable but is kept in its Bundle for one purpose: the safety rule that an
/// anticoagulant on record suppresses vitamin K, whatever else is wrong with the record (a repeated "status" once hid one).
/// </summary>
public sealed class UnreadableRecord
{
    public static readonly UnreadableRecord Instance = new();
    private UnreadableRecord() { }

    /// <summary>The rejected entry's resource when it is a medication record (marked, kept for the safety rule), else null.</summary>
    internal static Resource? KeptForSafety(Resource? rejected)
    {
        if (rejected is not (MedicationRequest or MedicationStatement)) return null;
        rejected.AddAnnotation(Instance);
        return rejected;
    }
}

/// <summary>A parsed resource plus the bundle entries that could not be read (reported, not used).</summary>
public sealed record ParsedResource(Resource Resource, IReadOnlyList<RejectedInput> RejectedEntries);

/// <summary>
/// Parses FHIR R4 JSON with the Firely SDK's System.Text.Json deserializer, syntax-strict but without the SDK's
/// per-element validation: profiling showed that validation was ~80% of the request's time and allocations
/// (docs/performance.md). Instead, the elements the rules use are checked where they are read (<see cref="ClinicalInputReader"/>),
/// and a resource whose values do not fit the model (an unknown status code, a non-numeric value) is rejected there,
/// with the SDK's own message. Unknown resource types are refused here; bad Bundle entries are dropped one by one.
/// </summary>
public static class FhirResourceParser
{
    /// <summary>
    /// Bundles are walked entry by entry with Observations, MedicationRequests and MedicationStatements read by the lean model
    /// (<see cref="Lean.LeanBundleReader"/>). False reads them wholly with Firely, as before: kept for one release so the
    /// benchmarks can show both paths side by side.
    /// </summary>
    public static bool LeanResources { get; set; } = true;

    /// <summary>
    /// Entries read from one Bundle at most; a Bundle with more is refused whole (security review 2026-12-01, M1: a 4 MiB
    /// prefetch of empty entries cost 160 MB). Ten years of monthly results for every analyte the rules read is under 1,000.
    /// </summary>
    public const int MaxBundleEntries = 10_000;

    // One deserializer for the process: it caches its reflection metadata. JSON121 (an empty array, e.g. "entry": [])
    // is tolerated: EHRs send empty searchsets that way and nothing is lost by reading it as absent.
    internal static readonly FhirJsonDeserializer Deserializer =
        new(new DeserializerSettings { Validator = null, AnnotateResourceParseExceptions = true }.Ignoring(["JSON121"]));

    public static ParsedResource Parse(string json, string sourceName, bool? lean = null) =>
        Parse(System.Text.Encoding.UTF8.GetBytes(json), sourceName, lean);

    public static ParsedResource Parse(ReadOnlySpan<byte> utf8Json, string sourceName, bool? lean = null)
    {
        var reader = new Utf8JsonReader(utf8Json);
        var parsed = Parse(ref reader, sourceName, lean);
        // Only whitespace may follow the resource (the reader throws on anything else).
        try { reader.Read(); }
        catch (JsonException e) { throw new FhirInputException($"{sourceName}: not valid FHIR JSON ({e.Message})"); }
        return parsed;
    }

    /// <summary>Reads one resource from the reader, leaving it on the resource's closing brace (checked: a read that ends
    /// anywhere else refuses the input, so the bytes after a resource are never read as something else).</summary>
    public static ParsedResource Parse(ref Utf8JsonReader reader, string sourceName, bool? lean = null)
    {
        try
        {
            if (reader.TokenType == JsonTokenType.None && !reader.Read()) throw new FhirInputException($"{sourceName}: empty body");
        }
        catch (JsonException e) { throw new FhirInputException($"{sourceName}: not valid FHIR JSON ({e.Message})"); }
        var depth = reader.CurrentDepth;
        var parsed = ParseAt(ref reader, sourceName, lean);
        if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != depth)
            throw new FhirInputException($"{sourceName}: the resource could not be read to its end");
        return parsed;
    }

    private static ParsedResource ParseAt(ref Utf8JsonReader reader, string sourceName, bool? lean)
    {
        Resource resource;
        List<CodedException> errors = [];
        try
        {
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new FhirInputException($"{sourceName}: expected a FHIR resource (a JSON object), found {reader.TokenType}");
            if ((lean ?? LeanResources) && Lean.LeanBundleReader.PeekResourceType(reader) == "Bundle")
                return Lean.LeanBundleReader.Read(ref reader, sourceName);
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
        var rejected = new RejectionList(sourceName);
        var entryErrors = 0;
        if (resource is Bundle bundle)
        {
            List<Bundle.EntryComponent> entries;
            try { _ = bundle.Type; entries = bundle.Entry; }
            catch (CodedException e) { throw new FhirInputException($"{sourceName}: invalid Bundle: {e.Message}"); }
            if (entries.Count > MaxBundleEntries)
                throw new FhirInputException($"{sourceName}: invalid Bundle: more than {MaxBundleEntries} entries");
            var kept = new List<Bundle.EntryComponent>(entries.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                Resource? r = null;
                List<string> problems = [];
                try { r = entries[i]?.Resource; }
                catch (CodedException e) { problems.Add(e.Message); }
                if (problems.Count == 0)
                {
                    entryErrors += r?.Annotations<List<CodedException>>().Sum(x => x.Count) ?? 0;
                    problems.AddRange(EntryProblems(r).Distinct());
                }
                if (problems.Count == 0 || UnreadableRecord.KeptForSafety(r) is not null) kept.Add(entries[i]);
                if (problems.Count == 0) continue;
                rejected.Add($"entry[{i}] {Describe(r)}", "invalid FHIR: " + string.Join("; ", problems));
            }
            bundle.Entry = kept;
        }
        if (errors.Count > entryErrors)
            throw new FhirInputException($"{sourceName}: invalid FHIR resource: "
                + string.Join("; ", errors.Take(5).Select(x => x.Message)));
        return new ParsedResource(resource, rejected.ToList());
    }

    /// <summary>Why a Bundle entry's resource cannot be used: missing, unknown type, or an id that does not fit the model.</summary>
    internal static IEnumerable<string> EntryProblems(Resource? r)
    {
        if (r is null) { yield return "entry has no resource"; yield break; }
        foreach (var e in r.Annotations<List<CodedException>>().SelectMany(x => x)) yield return e.Message;
        if (!ModelInfo.IsKnownResource(r.TypeName)) yield return $"unknown resourceType '{r.TypeName}'";
        string? problem = null;
        try { _ = r.Id; }
        catch (CodedException e) { problem = e.Message; }
        if (problem is not null) yield return problem;
    }

    /// <summary>"Observation/obs-1", or the type alone without an id: how rejections and measurements name a resource.</summary>
    public static string Describe(string typeName, string? id) => id is null ? typeName : $"{typeName}/{id}";

    public static string Describe(Resource? r)
    {
        if (r is null) return "(no resource)";
        string? id;
        try { id = r.Id; }
        catch (CodedException) { id = null; }
        return Describe(r.TypeName, id);
    }
}
