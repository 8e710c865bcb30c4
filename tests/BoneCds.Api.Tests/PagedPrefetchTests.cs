using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BoneCds.Api.Tests;

/// <summary>
/// clinical-rules.md v3 "A first page is not the whole record" and "Templates per data group": a prefetched searchset with a
/// next link is followed on the EHR's FHIR server when fhirServer and fhirAuthorization allow, and otherwise the key is named
/// partial; a partial medication list is unknown for the safety rules.
/// </summary>
public class PagedPrefetchTests(FhirFallbackFactory factory) : IClassFixture<FhirFallbackFactory>
{
    /// <summary>The patient-view example with its densitometry key as a first page with no entries and a next link.</summary>
    private static (JsonObject Request, JsonArray Dxa) FirstPageOnly(string key, string nextUrl)
    {
        var request = JsonNode.Parse(ApiFactory.Fixture("patient-view.json"))!.AsObject();
        var rest = request["prefetch"]![key]!["entry"]!.AsArray();
        var moved = new JsonArray(rest.Select(e => e!.DeepClone()).ToArray());
        request["prefetch"]![key] = new JsonObject
        {
            ["resourceType"] = "Bundle", ["type"] = "searchset",
            ["link"] = new JsonArray(new JsonObject { ["relation"] = "next", ["url"] = nextUrl }),
        };
        return (request, moved);
    }

    private async Task<JsonNode> CallAsync(JsonObject request)
    {
        var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        var response = await client.PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json(request.ToJsonString()));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task A_next_link_in_a_prefetch_is_followed_with_the_token_and_its_results_are_used()
    {
        var page2Calls = 0;
        JsonArray dxa = [];
        string? authorization = null;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/fhir/Observation", (HttpContext http) =>
        {
            Interlocked.Increment(ref page2Calls);
            authorization = http.Request.Headers.Authorization;
            return Results.Text(new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset",
                ["entry"] = dxa.DeepClone() }.ToJsonString(), "application/fhir+json");
        }));
        factory.Register(server.BaseUrl + "/fhir");
        (var request, dxa) = FirstPageOnly("densitometry", server.BaseUrl + "/fhir/Observation?page=2");
        request["fhirServer"] = server.BaseUrl + "/fhir";
        request["fhirAuthorization"] = new JsonObject { ["access_token"] = "page-token", ["token_type"] = "Bearer",
            ["expires_in"] = 300, ["scope"] = "patient/*.read", ["subject"] = "cds" };

        var cards = (await CallAsync(request)).Cards();
        Assert.Equal(1, page2Calls);
        Assert.Equal("Bearer page-token", authorization);
        Assert.Contains(cards, c => c.HasRule("BMD-OSTEOPOROSIS")); // the DXA was on page 2
        Assert.DoesNotContain(cards, c => c.HasRule("INPUT-PREFETCH-MISSING"));
    }

    [Theory]
    [InlineData(false)] // no fhirServer at all
    [InlineData(true)]  // a fhirServer but no fhirAuthorization: no FHIR read (CDS Hooks 2.0)
    public async Task Without_a_usable_fhir_server_a_first_page_is_named_partial(bool fhirServerWithoutToken)
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/fhir/Observation", () =>
        {
            Interlocked.Increment(ref calls);
            return Results.Text("""{"resourceType":"Bundle","type":"searchset"}""", "application/fhir+json");
        }));
        factory.Register(server.BaseUrl + "/fhir");
        var (request, _) = FirstPageOnly("densitometry", server.BaseUrl + "/fhir/Observation?page=2");
        if (fhirServerWithoutToken) request["fhirServer"] = server.BaseUrl + "/fhir";

        var cards = (await CallAsync(request)).Cards();
        Assert.Equal(0, calls);
        var missing = cards.Card("INPUT-PREFETCH-MISSING");
        Assert.Contains("densitometry (partial)", missing.Text("summary"));
        Assert.Contains("older results may be missing", missing.Text("detail"));
        Assert.DoesNotContain(cards, c => c.HasRule("BMD-OSTEOPOROSIS"));
    }

    [Fact]
    public async Task A_partial_medication_list_is_unknown_for_the_safety_rules()
    {
        var (request, _) = FirstPageOnly("medications", "https://ehr.example/fhir/MedicationRequest?page=2");
        var cards = (await CallAsync(request)).Cards();
        Assert.Contains("medications (partial)", cards.Card("INPUT-PREFETCH-MISSING").Text("summary"));
        var nutrition = cards.Card("NUTRITION");
        Assert.Contains("the medication list was not available", nutrition.Text("detail"));
        Assert.DoesNotContain(nutrition["suggestions"]!.AsArray(), s => s!.Text("label").Contains("K2"));
    }

    /// <summary>clinical-rules.md v3: a medicationReference the input cannot resolve is read from the FHIR server.</summary>
    [Theory]
    [InlineData(true, "ORDER-K2-VKA", "critical")]
    [InlineData(false, "ORDER-K2-UNKNOWN-MED", "warning")] // no token: not read, so an unknown medication
    public async Task An_unresolved_medication_reference_is_read_from_the_fhir_server(bool withToken, string rule, string indicator)
    {
        var reads = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/fhir/Medication/{id}", (string id) =>
        {
            Interlocked.Increment(ref reads);
            return Results.Text(new JsonObject { ["resourceType"] = "Medication", ["id"] = id, ["code"] = new JsonObject {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://www.nlm.nih.gov/research/umls/rxnorm",
                    ["code"] = "855332", ["display"] = "warfarin sodium 5 MG Oral Tablet" }) } }.ToJsonString(), "application/fhir+json");
        }));
        factory.Register(server.BaseUrl + "/fhir");
        var request = JsonNode.Parse(ApiFactory.Fixture("order-select.json"))!.AsObject();
        request["prefetch"]!["medications"]!["entry"] = new JsonArray(new JsonObject { ["resource"] = new JsonObject
        {
            ["resourceType"] = "MedicationRequest", ["id"] = "mr-ref", ["status"] = "active", ["intent"] = "order",
            ["medicationReference"] = new JsonObject { ["reference"] = "Medication/w1" },
            ["subject"] = new JsonObject { ["reference"] = "Patient/example-patient" },
        } });
        request["fhirServer"] = server.BaseUrl + "/fhir";
        if (withToken)
            request["fhirAuthorization"] = new JsonObject { ["access_token"] = "t", ["token_type"] = "Bearer", ["expires_in"] = 300,
                ["scope"] = "patient/*.read", ["subject"] = "cds" };
        var client = factory.CreateClient();
        var response = await client.PostAsync("/cds-services/bone-health-order-select", ApiFactory.Json(request.ToJsonString()));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(withToken ? 1 : 0, reads);
        Assert.Equal(indicator, JsonNode.Parse(body)!.Cards().Card(rule).Text("indicator"));
    }
}
