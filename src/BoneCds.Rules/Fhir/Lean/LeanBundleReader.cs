using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace BoneCds.Rules.Fhir.Lean;

/// <summary>
/// Walks a Bundle's JSON one entry at a time: Observations (the part that grows with the request, 50-500 per prefetch) are read
/// with the lean model; every other resource (Patient, medications, conditions, nested Bundles, unknown types) and any
/// Observation the lean model cannot hold goes to Firely, entry by entry, exactly as the whole-Bundle parse did. A bad entry is
/// rejected on its own; a bad Bundle shell (type, entry not an array) refuses the input.
/// </summary>
internal static class LeanBundleReader
{
    /// <summary>The reader is on the Bundle's start object; it is left on its end object.</summary>
    public static ParsedResource Read(ref Utf8JsonReader reader, string sourceName)
    {
        var depth = reader.CurrentDepth;
        var bundle = new Bundle();
        var rejected = new RejectionList(sourceName);
        var names = new MemberNames();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Every member once, every value of the type read (a "resourceType":{...} once moved the walk into the object:
            // security review 2026-12-01, M2).
            if (!names.TryAdd(reader)) throw Shell(sourceName, "a member is repeated");
            var property = reader.GetString()!;
            reader.Read();
            switch (property)
            {
                case "resourceType":
                    if (ShellString(ref reader, sourceName, "resourceType") != "Bundle")
                        throw Shell(sourceName, "resourceType must be 'Bundle'");
                    break;
                case "id": bundle.Id = ShellString(ref reader, sourceName, "id"); break;
                case "type":
                    var type = ShellString(ref reader, sourceName, "type");
                    bundle.Type = EnumUtility.ParseLiteral<Bundle.BundleType>(type ?? "")
                        ?? throw Shell(sourceName, $"type '{type}' is not a correct code for BundleType");
                    break;
                case "entry": ReadEntries(ref reader, sourceName, bundle, rejected); break;
                case "link": ReadLinks(ref reader, sourceName, bundle); break;
                default: SkipChecked(ref reader, sourceName); break;
            }
        }
        EnsureClosed(reader, depth, sourceName);
        return new ParsedResource(bundle, rejected.ToList());
    }

    private static void ReadEntries(ref Utf8JsonReader reader, string sourceName, Bundle bundle, RejectionList rejected)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw Shell(sourceName, "entry must be an array");
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw Shell(sourceName, $"entry[{index}] must be an object");
            if (index == FhirResourceParser.MaxBundleEntries)
                throw Shell(sourceName, $"more than {FhirResourceParser.MaxBundleEntries} entries");
            var entry = new Bundle.EntryComponent();
            var hasResource = false;
            var names = new MemberNames();
            // Member names compared in place (an entry's few names would otherwise be a new string each, on every entry).
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!names.TryAdd(reader)) throw Shell(sourceName, $"entry[{index}] repeats a member");
                var (isFullUrl, isResource) = (reader.ValueTextEquals("fullUrl"u8), reader.ValueTextEquals("resource"u8));
                reader.Read();
                if (isFullUrl)
                {
                    entry.FullUrl = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Null => null,
                        _ => throw Shell(sourceName, $"entry[{index}].fullUrl must be a string"),
                    };
                }
                else if (isResource && reader.TokenType == JsonTokenType.StartObject)
                {
                    hasResource = true;
                    entry.Resource = ReadResource(ref reader, sourceName, index, rejected)!;
                }
                else SkipChecked(ref reader, sourceName);
            }
            if (!hasResource) rejected.Add($"entry[{index}] (no resource)", "invalid FHIR: entry has no resource");
            else if (entry.Resource is not null) bundle.Entry.Add(entry);
            index++;
        }
    }

    /// <summary>Searchset paging: relation and url, the only parts of a link read (next links are followed by the fetcher).</summary>
    private static void ReadLinks(ref Utf8JsonReader reader, string sourceName, Bundle bundle)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw Shell(sourceName, "link must be an array");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw Shell(sourceName, "link must hold objects");
            var link = new Bundle.LinkComponent();
            var names = new MemberNames();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!names.TryAdd(reader)) throw Shell(sourceName, "a link repeats a member");
                var property = reader.GetString();
                reader.Read();
                if (property == "relation") link.Relation = ShellString(ref reader, sourceName, "link.relation");
                else if (property == "url") link.Url = ShellString(ref reader, sourceName, "link.url");
                else SkipChecked(ref reader, sourceName);
            }
            bundle.Link.Add(link);
        }
    }

    /// <summary>One entry's resource; the entry is named ("… entry[3]") only when it is rejected.</summary>
    private static Resource? ReadResource(ref Utf8JsonReader reader, string sourceName, int index, RejectionList rejected)
    {
        var start = reader;
        var type = PeekResourceType(reader);
        // A lean read counts only if it ends where the resource ends: never a reader left inside it or beyond it.
        if (type == "Observation" && LeanObservationReader.TryRead(ref reader, out var observation) && EndsAt(reader, start))
            return observation;
        reader = start;
        if (type is not null && LeanMedicationReader.TryRead(ref reader, type, out var medication) && EndsAt(reader, start))
            return medication;
        reader = start;
        var problems = new List<string>();
        Resource? resource = null;
        try { resource = FhirResourceParser.Deserializer.DeserializeResource(ref reader); }
        catch (DeserializationFailedException e)
        {
            resource = e.PartialResult as Resource;
            problems.AddRange(e.Exceptions.Select(x => x.Message));
            reader = start;
            reader.Skip();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // Content Firely cannot read at all ("_coding" beside "coding", a string that is not valid Unicode): this entry alone
            // is rejected, as long as the JSON itself goes on (if not, skipping it throws and the whole input is refused).
            reader = start;
            reader.Skip();
            rejected.Add($"entry[{index}] {type ?? "(no resourceType)"}", $"invalid FHIR: {e.Message}");
            return null;
        }
        if (!EndsAt(reader, start)) throw Shell(sourceName, $"entry[{index}] could not be read to its end");
        problems = problems.Concat(FhirResourceParser.EntryProblems(resource)).Distinct().ToList();
        if (problems.Count == 0) return resource;
        rejected.Add($"entry[{index}] {FhirResourceParser.Describe(resource)}", "invalid FHIR: " + string.Join("; ", problems));
        return UnreadableRecord.KeptForSafety(resource);
    }

    /// <summary>The reader is on the closing brace of the object <paramref name="start"/> opened.</summary>
    private static bool EndsAt(in Utf8JsonReader reader, in Utf8JsonReader start) =>
        reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == start.CurrentDepth;

    private static void EnsureClosed(in Utf8JsonReader reader, int depth, string sourceName)
    {
        if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != depth)
            throw Shell(sourceName, "the Bundle could not be read to its end");
    }

    private static void SkipChecked(ref Utf8JsonReader reader, string sourceName)
    {
        if (!MemberNames.SkipValue(ref reader)) throw Shell(sourceName, "a member is repeated");
    }

    /// <summary>The resourceType of the object the reader is on, read from a copy (it is normally the first member).</summary>
    public static string? PeekResourceType(Utf8JsonReader copy)
    {
        while (copy.Read() && copy.TokenType == JsonTokenType.PropertyName)
        {
            var isType = copy.ValueTextEquals("resourceType"u8);
            copy.Read();
            string? none = null;
            if (isType) return copy.TokenType == JsonTokenType.String ? CommonStrings.Get(ref copy, ref none) : null;
            copy.Skip();
        }
        return null;
    }

    private static string? ShellString(ref Utf8JsonReader reader, string sourceName, string what) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw Shell(sourceName, $"{what} must be a string"),
    };

    private static FhirInputException Shell(string sourceName, string problem) => new($"{sourceName}: invalid Bundle: {problem}");
}
