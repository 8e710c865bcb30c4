using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BoneCds.Rules.Tests.Parsing;

/// <summary>
/// Differential fuzzing of the hand-written lean readers against Firely: real Observations and MedicationRequests, each mutated
/// at random (a member removed or renamed, a value of another JSON type, a bad or partial date, another status), must give the
/// same measurements, medication list and rejections on both paths. A lean read that differed would be a silently wrong card.
/// Text-level mutations too (security review 2026-12-01, M2, M3), which a JsonObject cannot hold: a member repeated with
/// another value, a second resourceType (an object, or another type), a member moved into another object.
/// </summary>
public class LeanDifferentialFuzzTests
{
    private static readonly JsonNode?[] Replacements =
    [
        null, 7, -1.5, 1e30, "x", "", true, new JsonObject(), new JsonArray(), new JsonArray((JsonNode?)null), new JsonArray(1, 2),
        "2026-11", "2026-02-30", "2026-11-01T08:00", "2026-11-01T08:00:00+25:00", "final", "bogus", "<", "ng/mL", "mg/L",
        "Patient/perf-patient", "Patient/other", "{T-score}",
    ];

    private static IEnumerable<JsonObject> Resources(string type)
    {
        if (type == "MedicationStatement")
        {
            // The payload's MedicationRequests as the statements an EHR would send for them.
            foreach (var order in Resources("MedicationRequest"))
            {
                var statement = order.DeepClone().AsObject();
                statement["resourceType"] = type;
                statement["effectiveDateTime"] = statement["authoredOn"]?.DeepClone();
                foreach (var name in new[] { "authoredOn", "intent", "dosageInstruction" }) statement.Remove(name);
                yield return statement;
            }
            yield break;
        }
        var request = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "perf", "order-sign-50.json")))!;
        foreach (var (_, bundle) in request["prefetch"]!.AsObject())
            foreach (var entry in bundle?["entry"]?.AsArray() ?? [])
                if (entry?["resource"]?["resourceType"]?.GetValue<string>() == type) yield return entry["resource"]!.AsObject();
    }

    // The elements the lean readers read, by path (array positions left out). Elsewhere the lean path skips what it does not
    // read, where Firely rejects some malformed content (an empty object in category) and keeps other (an identifier object):
    // the review's defect table fixes that the rules still use such a result, since everything they read is checked.
    private static readonly HashSet<string> ReadPaths =
    [
        "id", "status", "issued", "effectiveDateTime", "effectivePeriod", "effectivePeriod.start", "effectivePeriod.end", "subject",
        "subject.reference", "valueQuantity", "valueQuantity.value", "valueQuantity.unit", "valueQuantity.system",
        "valueQuantity.code", "valueQuantity.comparator", "valueString", "valueInteger", "authoredOn",
        .. new[] { "code", "bodySite", "dataAbsentReason", "medicationCodeableConcept" }.SelectMany(c => new[]
            { c, $"{c}.text", $"{c}.coding", $"{c}.coding.system", $"{c}.coding.code", $"{c}.coding.display" }),
    ];

    /// <summary>Every value at a read path, with the object or array holding it.</summary>
    private static List<(JsonNode Parent, string? Name, int Index)> Slots(JsonNode node)
    {
        var slots = new List<(JsonNode, string?, int)>();
        void Walk(JsonNode? n, string path)
        {
            if (n is JsonObject o)
                foreach (var (name, value) in o.ToList())
                {
                    var at = path.Length == 0 ? name : $"{path}.{name}";
                    if (!ReadPaths.Contains(at)) continue;
                    slots.Add((o, name, -1));
                    Walk(value, at);
                }
            else if (n is JsonArray a)
                for (var i = 0; i < a.Count; i++) { slots.Add((a, null, i)); Walk(a[i], path); }
        }
        Walk(node, "");
        return slots;
    }

    private static JsonObject Mutate(JsonObject original, Random random)
    {
        var resource = original.DeepClone().AsObject();
        for (var count = random.Next(1, 3); count > 0; count--)
        {
            var slots = Slots(resource);
            var (parent, name, index) = slots[random.Next(slots.Count)];
            var replacement = Replacements[random.Next(Replacements.Length)]?.DeepClone();
            switch (random.Next(4), parent)
            {
                case (0, JsonObject o): o.Remove(name!); break;
                case (1, JsonObject o):
                    var value = o[name!]?.DeepClone();
                    o.Remove(name!);
                    o[char.ToUpperInvariant(name![0]) + name[1..]] = value; // FHIR names are case-sensitive
                    break;
                case (2, JsonObject o):
                    // A primitive's extension beside it (or in its place): FHIR JSON's "_name".
                    o["_" + name] = new JsonObject { ["extension"] = new JsonArray(new JsonObject {
                        ["url"] = "http://hl7.org/fhir/StructureDefinition/data-absent-reason", ["valueCode"] = "unknown" }) };
                    if (random.Next(2) == 0) o.Remove(name!);
                    break;
                case (_, JsonObject o): o[name!] = replacement; break;
                case (_, JsonArray a): a[index] = replacement; break;
            }
        }
        return resource;
    }

    private static string Bundle(JsonObject resource) =>
        new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset",
            ["entry"] = new JsonArray(new JsonObject { ["resource"] = resource }) }.ToJsonString();

    private const string Refused = "the whole input is refused";

    /// <summary>What one path makes of the Bundle; content Firely cannot parse at all refuses the whole input on both paths.</summary>
    private static string Outcome(string type, string bundle, bool lean)
    {
        try
        {
            return type == "Observation" ? LeanObservationTests.Read(bundle, lean) : LeanMedicationTests.Read(bundle, lean);
        }
        catch (FhirInputException) { return Refused; }
    }

    [Theory]
    [InlineData("Observation", 11)]
    [InlineData("Observation", 23)]
    [InlineData("MedicationRequest", 37)]
    [InlineData("Observation", 101)]
    [InlineData("Observation", 202)]
    [InlineData("MedicationRequest", 303)]
    [InlineData("MedicationStatement", 404)]
    public void Mutated_resources_read_the_same_on_the_lean_path_and_with_firely(string type, int seed)
    {
        var random = new Random(seed);
        var originals = Resources(type).ToList();
        Assert.NotEmpty(originals);
        var differences = new List<string>();
        for (var round = 0; round < 1000; round++)
        {
            var bundle = Bundle(Mutate(originals[random.Next(originals.Count)], random));
            var (lean, firely) = (Outcome(type, bundle, lean: true), Outcome(type, bundle, lean: false));
            // Where Firely cannot read the Bundle at all, the lean path rejects the one resource it cannot read: never uses it.
            var agree = lean == firely || (firely == Refused && lean.Split('\n').All(l => l.StartsWith("rejected|", StringComparison.Ordinal)));
            if (!agree) differences.Add($"{bundle}\n  lean:   {lean}\n  firely: {firely}");
        }
        Assert.True(differences.Count == 0, $"{differences.Count} differ, e.g.\n{string.Join("\n", differences.Take(3))}");
    }

    [Theory]
    [InlineData("Observation", 7)]
    [InlineData("Observation", 77)]
    [InlineData("MedicationRequest", 8)]
    [InlineData("MedicationStatement", 9)]
    public void Text_mutations_read_the_same_on_the_lean_path_and_with_firely(string type, int seed)
    {
        var random = new Random(seed);
        var originals = Resources(type).ToList();
        var differences = new List<string>();
        for (var round = 0; round < 1000; round++)
        {
            var resource = originals[random.Next(originals.Count)].DeepClone().AsObject();
            var bundle = Bundle(TextMutation(resource, random));
            var (lean, firely) = (Outcome(type, bundle, lean: true), Outcome(type, bundle, lean: false));
            var agree = lean == firely || (firely == Refused && lean.Split('\n').All(l => l.StartsWith("rejected|", StringComparison.Ordinal)));
            if (!agree) differences.Add($"{bundle}\n  lean:   {lean}\n  firely: {firely}");
        }
        Assert.True(differences.Count == 0, $"{differences.Count} differ, e.g.\n{string.Join("\n", differences.Take(3))}");
    }

    private static string Bundle(string resource) =>
        $"{{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{{\"resource\":{resource}}}]}}";

    /// <summary>
    /// The resource as text with one extra member written into one of its objects (numbered in document order): a repeat of a
    /// member there with another value, a second resourceType, or a member taken from another object (removed there).
    /// </summary>
    internal static string TextMutation(JsonObject resource, Random random)
    {
        var objects = new List<JsonObject>();
        void Collect(JsonNode? n)
        {
            if (n is JsonObject o) { objects.Add(o); foreach (var (_, v) in o) Collect(v); }
            else if (n is JsonArray a) foreach (var v in a) Collect(v);
        }
        Collect(resource);
        var target = objects[random.Next(objects.Count)];
        (string Name, JsonNode? Value) extra;
        switch (random.Next(3))
        {
            case 0 when target.Count > 0:
                var name = target.ElementAt(random.Next(target.Count)).Key;
                extra = (name, random.Next(3) == 0 ? target[name]?.DeepClone() : Replacements[random.Next(Replacements.Length)]?.DeepClone());
                break;
            case 1:
                JsonNode?[] types = [new JsonObject { ["context"] = new JsonObject { ["patientId"] = "p2" } }, "Observation", "Patient",
                    "MedicationRequest", "Bundle", new JsonArray("Observation")];
                extra = ("resourceType", types[random.Next(types.Length)]?.DeepClone());
                break;
            default:
                var donors = objects.Where(o => o != target && o.Count > 1).ToList();
                if (donors.Count == 0) goto case 1;
                var donor = donors[random.Next(donors.Count)];
                var moved = donor.ElementAt(random.Next(donor.Count));
                if (target.Any(m => m.Value == donor) || IsWithin(target, donor)) goto case 1; // never a node inside itself
                extra = (moved.Key, moved.Value?.DeepClone());
                donor.Remove(moved.Key);
                break;
        }
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            Write(writer, resource, target, extra, random.Next(target.Count + 1));
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static bool IsWithin(JsonNode node, JsonNode container)
    {
        for (var p = node.Parent; p is not null; p = p.Parent) if (p == container) return true;
        return false;
    }

    private static void Write(Utf8JsonWriter w, JsonNode? node, JsonObject target, (string Name, JsonNode? Value) extra, int at)
    {
        switch (node)
        {
            case JsonObject o:
                w.WriteStartObject();
                var i = 0;
                foreach (var (name, value) in o)
                {
                    if (o == target && i++ == at) WriteMember(w, extra.Name, extra.Value, target, extra, at);
                    WriteMember(w, name, value, target, extra, at);
                }
                if (o == target && at >= o.Count) WriteMember(w, extra.Name, extra.Value, target, extra, at);
                w.WriteEndObject();
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var item in a) Write(w, item, target, extra, at);
                w.WriteEndArray();
                break;
            case null: w.WriteNullValue(); break;
            default: node.WriteTo(w); break;
        }
    }

    private static void WriteMember(Utf8JsonWriter w, string name, JsonNode? value, JsonObject target, (string, JsonNode?) extra, int at)
    {
        w.WritePropertyName(name);
        Write(w, value, target, extra, at);
    }
}
