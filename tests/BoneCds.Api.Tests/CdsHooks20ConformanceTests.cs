using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BoneCds.Api.Tests;

/// <summary>
/// CDS Hooks 2.0.1 service requirements, one test per SHALL an independent conformance kit checks, over HTTP:
/// no null or empty JSON member (optional ones omitted), 412 with an OperationOutcome when the data the rules cannot do
/// without is neither prefetched nor obtainable, the FHIR server used only with both fhirServer and fhirAuthorization,
/// and extension names that are globally unique (reverse-domain).
/// </summary>
public class CdsHooks20ConformanceTests(FhirFallbackFactory factory) : IClassFixture<FhirFallbackFactory>
{
    private static readonly string[] Services = ["patient-view", "order-select", "order-sign"];

    private async Task<(HttpStatusCode Status, string ContentType, JsonNode? Body)> PostAsync(string service, JsonNode request)
    {
        var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        var response = await client.PostAsync($"/cds-services/bone-health-{service}", ApiFactory.Json(request.ToJsonString()));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Every member of the JSON whose value is null, "", [] or {} (except the required cards array).</summary>
    private static IEnumerable<string> EmptyMembers(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    var at = $"{path}.{name}";
                    if (value is null || value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0
                        || value is JsonArray { Count: 0 } && at != "$.cards" || value is JsonObject { Count: 0 })
                        yield return at;
                    foreach (var inner in EmptyMembers(value, at)) yield return inner;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    foreach (var inner in EmptyMembers(a[i], $"{path}[{i}]")) yield return inner;
                break;
        }
    }

    [Fact]
    public async Task No_json_attribute_is_null_or_empty_in_discovery_or_any_service_response()
    {
        var discovery = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/cds-services"));
        Assert.Empty(EmptyMembers(discovery));
        foreach (var service in Services)
        {
            var (status, _, body) = await PostAsync(service, JsonNode.Parse(ApiFactory.Fixture($"{service}.json"))!);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Empty(EmptyMembers(body));
            Assert.Null(body!["systemActions"]);
        }
    }

    [Fact]
    public async Task A_response_with_no_cards_still_has_the_required_cards_array_and_nothing_empty()
    {
        var request = JsonNode.Parse(ApiFactory.Fixture("patient-view.json"))!;
        foreach (var key in new[] { "labs", "densitometry", "medications", "conditions" })
            request["prefetch"]![key] = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset" };
        var (status, _, body) = await PostAsync("patient-view", request);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body!["cards"]!.AsArray());
        Assert.Empty(EmptyMembers(body));
    }

    public static TheoryData<string, string?, bool> Unobtainable => new()
    {
        { "no prefetch, no fhirServer", null, false },
        { "no prefetch, fhirServer without fhirAuthorization", "registered", false },
        { "no prefetch, an unregistered fhirServer", "https://unregistered.example/fhir", true },
    };

    [Theory]
    [MemberData(nameof(Unobtainable))]
    public async Task Observations_neither_prefetched_nor_obtainable_get_412_with_an_operation_outcome(string why, string? fhirServer,
        bool token)
    {
        var reads = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/fhir/{**path}", () =>
        {
            Interlocked.Increment(ref reads);
            return Results.Text("""{"resourceType":"Bundle","type":"searchset"}""", "application/fhir+json");
        }));
        factory.Register(server.BaseUrl + "/fhir");
        foreach (var service in Services)
        {
            var request = JsonNode.Parse(ApiFactory.Fixture($"{service}.json"))!.AsObject();
            request.Remove("prefetch");
            if (fhirServer is not null) request["fhirServer"] = fhirServer == "registered" ? server.BaseUrl + "/fhir" : fhirServer;
            if (token) request["fhirAuthorization"] = new JsonObject { ["access_token"] = "t", ["token_type"] = "Bearer",
                ["expires_in"] = 300, ["scope"] = "patient/*.read", ["subject"] = "cds" };
            var (status, contentType, body) = await PostAsync(service, request);
            Assert.True(status == HttpStatusCode.PreconditionFailed, $"{why}, {service}: {(int)status}");
            Assert.Equal("application/fhir+json", contentType);
            Assert.Equal("OperationOutcome", body!["resourceType"]!.GetValue<string>());
            Assert.Equal("incomplete", body["issue"]![0]!["code"]!.GetValue<string>());
        }
        Assert.Equal(0, reads); // never a FHIR read without fhirAuthorization, nor from an unregistered server
    }

    public static TheoryData<string, JsonNode?> Tried => new()
    {
        { "observations sent as null (the EHR tried)", null },
        { "observations sent as an OperationOutcome", JsonNode.Parse("""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception"}]}""") },
    };

    [Theory]
    [MemberData(nameof(Tried))]
    public async Task Observation_keys_the_client_tried_to_fill_degrade_with_the_named_card_not_412(string why, JsonNode? value)
    {
        var request = JsonNode.Parse(ApiFactory.Fixture("patient-view.json"))!;
        request["prefetch"]!["labs"] = value?.DeepClone();
        request["prefetch"]!["densitometry"] = value?.DeepClone();
        var (status, _, body) = await PostAsync("patient-view", request);
        Assert.True(status == HttpStatusCode.OK, why);
        Assert.Contains("labs", body!.Cards().Card("INPUT-PREFETCH-MISSING").Text("summary"));
    }

    [Fact]
    public async Task A_missing_patient_medications_or_conditions_degrade_and_never_412()
    {
        var request = JsonNode.Parse(ApiFactory.Fixture("patient-view.json"))!.AsObject();
        foreach (var key in new[] { "patient", "medications", "conditions" }) request["prefetch"]!.AsObject().Remove(key);
        var (status, _, body) = await PostAsync("patient-view", request);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("medications", body!.Cards().Card("INPUT-PREFETCH-MISSING").Text("summary"));
    }

    [Fact]
    public async Task Every_card_extension_name_is_reverse_domain()
    {
        foreach (var service in Services)
        {
            var (_, _, body) = await PostAsync(service, JsonNode.Parse(ApiFactory.Fixture($"{service}.json"))!);
            foreach (var card in body!.Cards())
                Assert.All(card["extension"]!.AsObject(), member => Assert.StartsWith("org.bonecds.", member.Key, StringComparison.Ordinal));
        }
    }
}
