using System.Text.Json.Nodes;

namespace BoneCds.Rules.Tests.Parsing;

/// <summary>
/// Differential fuzzing of the hand-written lean readers against Firely: real Observations and MedicationRequests, each mutated
/// at random (a member removed or renamed, a value of another JSON type, a bad or partial date, another status), must give the
/// same measurements, medication list and rejections on both paths. A lean read that differed would be a silently wrong card.
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
}
