using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace BoneCds.Api.Tests.Security;

/// <summary>
/// Security review 2026-12-01, M2: the same bytes must get the same answer whether the prefetch is parsed now (a miss), taken
/// from the cache (a hit), or parsed with no cache at all. Text-level mutations of the order-select example (a member inserted
/// into a random object of the prefetch, at its start or between members: a repeat of the next member with another value, a second resourceType holding
/// another patient's context, or a context member) each sent three ways.
/// </summary>
public class CacheStateFuzzTests
{
    private sealed class Caching(bool on) : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Service:PrefetchCacheSeconds", on ? "120" : "0");
        }
    }

    private static readonly string[] Inserts =
    [
        "\"resourceType\":{\"context\":{\"patientId\":\"p2\"}},", "\"resourceType\":\"Patient\",",
        "\"context\":{\"patientId\":\"p2\"},", "\"status\":\"entered-in-error\",", "\"status\":\"stopped\",",
        "\"subject\":{\"reference\":\"Patient/p2\"},", "\"prefetch\":{},", "\"entry\":[],",
        // The review's shape: a Bundle whose second resourceType is an object, then another patient's context.
        "\"x\":{\"resourceType\":\"Bundle\",\"resourceType\":{\"type\":\"searchset\"}},\"context\":{\"patientId\":\"p2\"},",
    ];

    [Fact]
    public async Task Text_mutated_prefetches_get_the_same_answer_on_a_miss_a_hit_and_without_a_cache()
    {
        using var cached = new Caching(true);
        using var uncached = new Caching(false);
        var (withCache, withoutCache) = (cached.CreateClient(), uncached.CreateClient());
        var text = JsonNode.Parse(ApiFactory.Fixture("order-select.json"))!.ToJsonString();
        var prefetchAt = text.IndexOf("\"prefetch\":", StringComparison.Ordinal);
        // Where a member may start: after an object's "{" or after a "," before a name (or an array's string: then the JSON is
        // broken, and all three must refuse it alike).
        var objects = Enumerable.Range(prefetchAt, text.Length - prefetchAt - 1)
            .Where(i => text[i] is '{' or ',' && text[i + 1] == '"').ToList();
        var random = new Random(20261201);
        var differences = new List<string>();
        for (var round = 0; round < 150; round++)
        {
            var at = objects[random.Next(objects.Count)] + 1;
            var insert = random.Next(3) == 0 ? FirstMemberAgain(text, at) : Inserts[random.Next(Inserts.Length)];
            var body = text[..at] + insert + text[at..];
            var miss = await PostAsync(withCache, body);
            var hit = await PostAsync(withCache, body);
            var none = await PostAsync(withoutCache, body);
            if (miss != hit || miss != none) differences.Add($"insert {insert} at {at}:\n miss {miss}\n hit  {hit}\n none {none}");
            if (miss.Status >= 500) differences.Add($"insert {insert} at {at}: {miss.Status}");
        }
        Assert.True(differences.Count == 0, $"{differences.Count} differ, e.g.\n{string.Join("\n", differences.Take(2))}");
    }

    /// <summary>The next member written again with another value: before "status":"final" comes a "status":"x".</summary>
    private static string FirstMemberAgain(string text, int at)
    {
        var colon = text.IndexOf(':', at);
        return text[at..(colon + 1)] + "\"x\",";
    }

    private static async Task<(int Status, string Body)> PostAsync(HttpClient client, string body)
    {
        var response = await client.PostAsync("/cds-services/bone-health-order-select", ApiFactory.Json(body));
        var answer = await response.Content.ReadAsStringAsync();
        // Problem details carry a trace id that differs per call; the rest must match.
        if (response.StatusCode != HttpStatusCode.OK) answer = JsonNode.Parse(answer)?["detail"]?.ToJsonString() ?? answer;
        return ((int)response.StatusCode, answer);
    }
}
