using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace BoneCds.Api.Tests;

/// <summary>
/// Mutation fuzzing on loopback (in-process): the worked examples with members deleted, retyped, duplicated, deeply nested
/// and with broken bytes, a few thousand requests with a fixed seed. No answer may be a 5xx, and the service must still
/// answer a normal hook afterwards. FUZZ_SEED and FUZZ_REQUESTS (per target) run it wider or deeper by hand: after the lean
/// readers, seeds 1-3 with 3,000 requests per target (45,000 requests) gave no 5xx.
/// </summary>
public class MutationFuzzTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var s) ? s : 20261126;
    private static readonly int RequestsPerTarget = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_REQUESTS"), out var n) ? n : 500;

    private static readonly (string Example, string Url)[] Targets =
    [
        ("patient-view", "/cds-services/bone-health-patient-view"),
        ("order-sign", "/cds-services/bone-health-order-sign"),
        ("order-select", "/cds-services/bone-health-order-select"),
        ("assessment-synthea", "/api/v1/assessments"),
        ("feedback", "/cds-services/bone-health-patient-view/feedback"),
    ];

    private static readonly JsonNode?[] OtherTypes =
        [null, JsonValue.Create(0), JsonValue.Create(-1e308), JsonValue.Create("x"), JsonValue.Create(true), new JsonArray(), new JsonObject()];

    [Fact]
    public async Task Thousands_of_mutated_requests_never_get_a_5xx_and_the_service_stays_healthy()
    {
        var client = factory.CreateClient();
        var random = new Random(Seed);
        var failures = new List<string>();
        foreach (var (example, url) in Targets)
        {
            var original = JsonNode.Parse(await client.GetStringAsync($"/examples/{example}"))!;
            for (var i = 0; i < RequestsPerTarget; i++)
            {
                var (kind, body) = Mutate(original, random);
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                var response = await client.PostAsync(url, content);
                if ((int)response.StatusCode >= 500) failures.Add($"{url} {kind} #{i}: {(int)response.StatusCode}");
            }
        }
        Assert.Empty(failures);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var normal = await client.PostAsync(Targets[0].Url, ApiFactory.Json(await client.GetStringAsync("/examples/patient-view")));
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
    }

    private static (string Kind, byte[] Body) Mutate(JsonNode original, Random random)
    {
        var doc = original.DeepClone();
        var nodes = Walk(doc).ToList();
        var (parent, key) = nodes[random.Next(nodes.Count)];
        switch (random.Next(7))
        {
            case 0:
                Remove(parent, key);
                return ("delete", Bytes(doc));
            case 1:
                Replace(parent, key, OtherTypes[random.Next(OtherTypes.Length)]?.DeepClone());
                return ("retype", Bytes(doc));
            case 2:
            {
                // A duplicated member is only expressible in the text: repeat the first property of a random object.
                var text = doc.ToJsonString();
                var objects = Enumerable.Range(0, text.Length).Where(i => text[i] == '{' && i + 1 < text.Length && text[i + 1] == '"').ToList();
                if (objects.Count == 0) return ("duplicate", Bytes(doc));
                var at = objects[random.Next(objects.Count)];
                var end = text.IndexOf(',', at);
                if (end < 0) return ("duplicate", Bytes(doc));
                return ("duplicate", Encoding.UTF8.GetBytes(text[..(at + 1)] + text[(at + 1)..(end + 1)] + text[(at + 1)..]));
            }
            case 3:
            {
                JsonNode nested = JsonValue.Create(1)!;
                for (var depth = random.Next(50, 300); depth > 0; depth--)
                    nested = depth % 2 == 0 ? new JsonArray(nested) : new JsonObject { ["x"] = nested };
                Replace(parent, key, nested);
                return ("nest", Bytes(doc));
            }
            case 4:
            {
                var bytes = Bytes(doc);
                for (var flips = random.Next(1, 4); flips > 0; flips--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return ("flip", bytes);
            }
            case 5:
            {
                // A JSON null inside an array ("coding": [null, {...}]): not FHIR, yet Firely keeps it as a null element.
                var arrays = nodes.Select(n => n.Key is int ? n.Parent : null).OfType<JsonArray>().Distinct().ToList();
                if (arrays.Count == 0) return ("null-element", Bytes(doc));
                var array = arrays[random.Next(arrays.Count)];
                array.Insert(random.Next(array.Count + 1), null);
                return ("null-element", Bytes(doc));
            }
            default:
            {
                var bytes = Bytes(doc);
                return ("truncate", bytes[..random.Next(1, bytes.Length)]);
            }
        }
    }

    private static byte[] Bytes(JsonNode doc) => Encoding.UTF8.GetBytes(doc.ToJsonString());

    private static IEnumerable<(JsonNode Parent, object Key)> Walk(JsonNode node)
    {
        if (node is JsonObject o)
            foreach (var (k, v) in o.ToList())
            {
                yield return (o, k);
                if (v is not null) foreach (var inner in Walk(v)) yield return inner;
            }
        else if (node is JsonArray a)
            for (var i = 0; i < a.Count; i++)
            {
                yield return (a, i);
                if (a[i] is { } v) foreach (var inner in Walk(v)) yield return inner;
            }
    }

    private static void Remove(JsonNode parent, object key)
    {
        if (key is int i) parent.AsArray().RemoveAt(i);
        else parent.AsObject().Remove((string)key);
    }

    private static void Replace(JsonNode parent, object key, JsonNode? value)
    {
        if (key is int i) parent[i] = value;
        else parent[(string)key] = value;
    }
}
