using System.Net;
using System.Text.Json.Nodes;
using BoneCds.Api.Feedback;
using Microsoft.Extensions.DependencyInjection;

namespace BoneCds.Api.Tests;

/// <summary>Feedback integrity between CDS clients (security review M9): recorded per client, deduplicated, bounded.</summary>
public class FeedbackIntegrityTests(EhrKeys keys) : IClassFixture<EhrKeys>
{
    private const string OtherIssuer = "https://other-ehr.test.example";
    private const string Path = "/cds-services/bone-health-patient-view";

    /// <summary>Two registered EHRs (the same test keys publish for both) and a governance key.</summary>
    private sealed class TwoClientFactory(EhrKeys keys) : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(keys.AuthSettings(OtherIssuer))
        {
            ["Feedback:SummaryApiKeys:0"] = "governance-key-0123456789",
            ["FhirFetch:Enabled"] = "false",
        };
    }

    private static HttpRequestMessage Signed(ApiFactory factory, string path, string body, string issuer = EhrKeys.Issuer, EhrKeys? keys = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = ApiFactory.Json(body) };
        request.Headers.Authorization = new("Bearer", keys!.Token(factory.Clock.GetUtcNow(), "http://localhost" + path, issuer: issuer));
        return request;
    }

    private async Task<List<JsonNode>> Issue(ApiFactory factory, string issuer)
    {
        var response = await factory.CreateClient().SendAsync(Signed(factory, Path, ApiFactory.Fixture("patient-view.json"), issuer, keys));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await factory.Services.GetRequiredService<IssuedCardRecorder>().FlushAsync(CancellationToken.None);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Cards();
    }

    private static string Overridden(IEnumerable<JsonNode> cards, string display = "Patient declined") => new JsonObject
    {
        ["feedback"] = new JsonArray(cards.Select(card => (JsonNode)new JsonObject
        {
            ["card"] = card.Text("uuid"), ["outcome"] = "overridden",
            ["overrideReason"] = new JsonObject
            {
                ["reason"] = new JsonObject { ["system"] = "http://bonecds.org/CodeSystem/override-reason", ["code"] = "patient-declined",
                    ["display"] = display },
            },
            ["outcomeTimestamp"] = "2026-11-25T12:06:00Z",
        }).ToArray()),
    }.ToJsonString();

    private async Task<HttpStatusCode> Feedback(ApiFactory factory, string body, string issuer = EhrKeys.Issuer) =>
        (await factory.CreateClient().SendAsync(Signed(factory, Path + "/feedback", body, issuer, keys))).StatusCode;

    private static async Task<JsonNode> Summary(ApiFactory factory, string? client = null)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", "governance-key-0123456789");
        var query = client is null ? "" : $"?client={Uri.EscapeDataString(client)}";
        return JsonNode.Parse(await http.GetStringAsync($"/api/v1/feedback/summary{query}"))!;
    }

    [Fact]
    public async Task Feedback_is_accepted_only_for_a_card_issued_to_the_same_client()
    {
        using var factory = new TwoClientFactory(keys);
        var cards = await Issue(factory, EhrKeys.Issuer);
        var k2 = cards.Card("SUPP-K2");
        Assert.Equal(HttpStatusCode.BadRequest, await Feedback(factory, Overridden([k2]), OtherIssuer));
        Assert.Equal(HttpStatusCode.OK, await Feedback(factory, Overridden([k2])));
    }

    [Fact]
    public async Task A_repeated_item_is_counted_once_and_summaries_are_per_client()
    {
        using var factory = new TwoClientFactory(keys);
        var mine = (await Issue(factory, EhrKeys.Issuer)).Card("SUPP-K2");
        var theirs = (await Issue(factory, OtherIssuer)).Card("SUPP-K2");
        Assert.Equal(HttpStatusCode.OK, await Feedback(factory, Overridden([mine])));
        Assert.Equal(HttpStatusCode.OK, await Feedback(factory, Overridden([mine])));   // an EHR retry
        Assert.Equal(HttpStatusCode.OK, await Feedback(factory, Overridden([theirs]), OtherIssuer));
        Assert.Equal(2, (await Summary(factory)).At("totalFeedback").GetValue<int>());
        Assert.Equal(1, (await Summary(factory, EhrKeys.Issuer)).At("totalFeedback").GetValue<int>());
    }

    [Fact]
    public async Task Items_per_call_and_field_lengths_are_capped()
    {
        using var factory = new TwoClientFactory(keys);
        var k2 = (await Issue(factory, EhrKeys.Issuer)).Card("SUPP-K2");
        Assert.Equal(HttpStatusCode.BadRequest, await Feedback(factory, Overridden(Enumerable.Repeat(k2, 51))));
        Assert.Equal(HttpStatusCode.BadRequest, await Feedback(factory, Overridden([k2], new string('x', 300))));
        Assert.Equal(HttpStatusCode.OK, await Feedback(factory, Overridden([k2])));
    }
}
