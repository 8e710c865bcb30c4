using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BoneCds.Api.CdsHooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BoneCds.Api.Tests.Security;

/// <summary>
/// Security review 2026-12-01, M2 and M3: the hand-written readers read every byte once. Each test replays the review's attack as
/// text (a JsonObject cannot hold a repeated member) and shows it refused or read as Firely reads it, alike on a cache miss
/// and a cache hit.
/// </summary>
public class ReaderAttackTests
{
    private sealed class CachingFactory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Service:PrefetchCacheSeconds", "120");
        }
    }

    private static string OrderSelectText() => JsonNode.Parse(ApiFactory.Fixture("order-select.json"))!.ToJsonString();

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(ApiFactory factory, string service, string body)
    {
        var response = await factory.CreateClient().PostAsync($"/cds-services/{service}", ApiFactory.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static string ReplaceOnce(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{what}' not in the payload");
        return text[..at] + with + text[(at + what.Length)..];
    }

    [Fact]
    public async Task A_warfarin_order_with_a_repeated_status_keeps_the_critical_vitamin_k_card()
    {
        var body = ReplaceOnce(OrderSelectText(), "\"id\":\"warfarin-1\",\"status\":\"active\"",
            "\"id\":\"warfarin-1\",\"status\":\"active\",\"status\":\"stopped\"");
        using var factory = new CachingFactory();
        foreach (var attempt in new[] { "miss", "hit" })
        {
            var (status, response) = await PostAsync(factory, "bone-health-order-select", body);
            Assert.True(status == HttpStatusCode.OK, $"{attempt}: {status}");
            var cards = response!.Cards();
            var critical = cards.Where(c => c["indicator"]?.GetValue<string>() == "critical").ToList();
            Assert.True(critical.Count > 0, $"{attempt}: no critical card among "
                + string.Join("; ", cards.Select(c => c["summary"]?.GetValue<string>())));
        }
    }

    [Fact]
    public async Task An_entered_in_error_observation_with_a_second_status_is_not_used()
    {
        var text = OrderSelectText();
        var body = ReplaceOnce(text, "\"id\":\"vitd-1\",\"status\":\"final\"",
            "\"id\":\"vitd-1\",\"status\":\"entered-in-error\",\"status\":\"final\"");
        using var factory = new ApiFactory();
        var (status, response) = await PostAsync(factory, "bone-health-order-select", body);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(response!.Cards(), c => c.RuleIds().Any(r => r.StartsWith("VITD-DEFICIENT", StringComparison.Ordinal)));
        Assert.Contains(response.Cards(), c => c.HasRule("ORDER-K2-VKA")); // the rest of the prefetch is read as before

        // The assessment API names it as rejected, with Firely's reason.
        var prefetch = JsonNode.Parse(body)!["prefetch"]!["labs"]!.ToJsonString().Replace("\"searchset\"", "\"collection\"");
        var assessed = await factory.CreateClient().PostAsync("/api/v1/assessments", ApiFactory.Json(prefetch, "application/fhir+json"));
        Assert.Equal(HttpStatusCode.OK, assessed.StatusCode);
        var rejected = JsonNode.Parse(await assessed.Content.ReadAsStringAsync())!["rejectedInputs"]!.ToJsonString();
        Assert.Contains("vitd-1", rejected, StringComparison.Ordinal);
        Assert.Contains("duplicate", rejected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_resourceType_object_in_a_prefetch_bundle_gives_the_same_answer_on_a_miss_and_a_hit()
    {
        // The review's bytes: a Bundle whose second resourceType is an object ends the Bundle early in a reader that does not
        // skip it, and the prefetch members after it (another patient's context) were read as the request's own.
        var request = JsonNode.Parse(OrderSelectText())!;
        var otherContext = request["context"]!.DeepClone();
        otherContext["patientId"] = "p2";
        var body = ReplaceOnce(OrderSelectText(), "\"prefetch\":{", "\"prefetch\":{\"x\":{\"resourceType\":\"Bundle\","
            + "\"resourceType\":{\"type\":\"searchset\"}},\"context\":" + otherContext.ToJsonString() + ",");
        using var factory = new CachingFactory();
        var first = await PostAsync(factory, "bone-health-order-select", body);
        var second = await PostAsync(factory, "bone-health-order-select", body);
        Assert.Equal(HttpStatusCode.BadRequest, first.Status);
        Assert.Equal(first.Status, second.Status);
        Assert.Equal(first.Body!["detail"]!.ToJsonString(), second.Body!["detail"]!.ToJsonString());
        Assert.Contains("repeated", first.Body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_resourceType_inside_an_observation_is_read_as_Firely_reads_it_on_a_miss_and_a_hit()
    {
        var body = ReplaceOnce(OrderSelectText(), "\"resourceType\":\"Observation\",\"id\":\"pth-1\"",
            "\"resourceType\":\"Observation\",\"resourceType\":{\"patientId\":\"p2\"},\"id\":\"pth-1\"");
        using var cached = new CachingFactory();
        var miss = await PostAsync(cached, "bone-health-order-select", body);
        var hit = await PostAsync(cached, "bone-health-order-select", body);
        using var uncached = new ApiFactory();
        var fresh = await PostAsync(uncached, "bone-health-order-select", body);
        Assert.Equal(HttpStatusCode.OK, miss.Status);
        Assert.Equal(miss.Body!.ToJsonString(), hit.Body!.ToJsonString());
        Assert.Equal(fresh.Body!.ToJsonString(), miss.Body.ToJsonString());
        // Firely reads it (by its first resourceType), as the right patient's: the PTH finding and the medication stay.
        Assert.Contains(miss.Body.Cards(), c => c.HasRule("PTH-SECONDARY-HPT"));
        Assert.Contains(miss.Body.Cards(), c => c.HasRule("ORDER-K2-VKA"));
    }

    [Theory]
    [InlineData("\"context\":{", "\"context\":{\"patientId\":\"p2\"},\"context\":{", "'context'")]
    [InlineData("\"patientId\":\"example-patient\"", "\"patientId\":\"example-patient\",\"patientId\":\"p2\"", "'context.patientId'")]
    [InlineData("\"prefetch\":{", "\"prefetch\":{\"patient\":null,", "'prefetch.patient'")]
    [InlineData("\"hook\":\"order-select\"", "\"hook\":\"order-select\",\"hook\":\"order-select\"", "'hook'")]
    public async Task A_request_member_given_twice_is_refused_naming_it(string what, string with, string named)
    {
        using var factory = new ApiFactory();
        var (status, response) = await PostAsync(factory, "bone-health-order-select", ReplaceOnce(OrderSelectText(), what, with));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(named, response!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_request_leaves_its_prefetch_out_of_the_cache()
    {
        var body = ReplaceOnce(OrderSelectText(), "\"hook\":\"order-select\"", "\"hook\":\"patient-view\"");
        using var factory = new CachingFactory();
        var cache = factory.Services.GetRequiredService<PrefetchCache>();
        var kept = cache.Count; // the start-up warm-up's own
        var (status, _) = await PostAsync(factory, "bone-health-order-select", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(kept, cache.Count);
        // The accepted request is kept, as before.
        await PostAsync(factory, "bone-health-order-select", OrderSelectText());
        Assert.Equal(kept + 1, cache.Count);
    }

    [Fact]
    public async Task Empty_entries_beyond_the_cap_refuse_the_bundle_and_below_it_are_listed_up_to_a_count()
    {
        using var factory = new CachingFactory();
        var over = EmptyEntriesRequest(BoneCds.Rules.Fhir.FhirResourceParser.MaxBundleEntries + 1);
        var (status, problem) = await PostAsync(factory, "bone-health-order-select", over);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("more than 10000 entries", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var (okStatus, response) = await PostAsync(factory, "bone-health-patient-view", EmptyEntriesRequest(5000, "patient-view.json"));
        Assert.Equal(HttpStatusCode.OK, okStatus);
        var rejectedCard = response!.Cards().Card("INPUT-REJECTED");
        Assert.StartsWith("5000 result(s)", rejectedCard["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("and 4980 more (not listed)", rejectedCard["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(response.ToJsonString().Length < 64 * 1024, $"answer of {response.ToJsonString().Length} chars");
    }

    [Fact]
    public async Task The_assessment_api_lists_a_bounded_number_of_rejected_inputs_and_counts_the_rest()
    {
        using var factory = new ApiFactory();
        // 1,000 unreadable entries (a repeated member each): 100 listed, the rest as one counted line.
        var unreadable = await AssessAsync(factory, i => $"\"status\":\"final\",\"status\":\"final\",\"id\":\"o{i}\"");
        Assert.Equal(101, unreadable["rejectedInputs"]!.AsArray().Count);
        Assert.Equal(900, unreadable["rejectedInputs"]![100]!["count"]!.GetValue<int>());
        Assert.Null(unreadable["rejectedInputsNotListed"]);
        // 1,000 readable results in a unit the rules do not know: 200 listed, 800 counted.
        var unknownUnit = await AssessAsync(factory, i => $"\"id\":\"o{i}\",\"status\":\"final\",\"subject\":{{\"reference\":"
            + "\"Patient/p1\"},\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"62292-8\"}]},"
            + "\"effectiveDateTime\":\"2026-11-01\",\"valueQuantity\":{\"value\":12,\"unit\":\"furlongs\"}");
        Assert.Equal(200, unknownUnit["rejectedInputs"]!.AsArray().Count);
        Assert.Equal(800, unknownUnit["rejectedInputsNotListed"]!.GetValue<int>());
    }

    private static async Task<JsonNode> AssessAsync(ApiFactory factory, Func<int, string> observationMembers)
    {
        var entries = string.Join(",", Enumerable.Range(0, 1000).Select(i =>
            $"{{\"fullUrl\":\"urn:uuid:{i}\",\"resource\":{{\"resourceType\":\"Observation\",{observationMembers(i)}}}}}"));
        var bundle = $"{{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{entries}]}}";
        var response = await factory.CreateClient().PostAsync("/api/v1/assessments", ApiFactory.Json(bundle, "application/fhir+json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.True(text.Length < 256 * 1024, $"answer of {text.Length} chars");
        return JsonNode.Parse(text)!;
    }

    internal static string EmptyEntriesRequest(int entries, string fixture = "order-select.json") =>
        EmptyEntriesRequestWith(string.Join(",", Enumerable.Repeat("{}", entries)), fixture);

    /// <summary>The fixture with one more prefetch key: a searchset of these entries.</summary>
    internal static string EmptyEntriesRequestWith(string entries, string fixture = "order-select.json") =>
        ReplaceOnce(JsonNode.Parse(ApiFactory.Fixture(fixture))!.ToJsonString(), "\"prefetch\":{",
            "\"prefetch\":{\"empties\":{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[" + entries + "]},");
}
