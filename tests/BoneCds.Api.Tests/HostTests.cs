using System.Net;
using System.Text.Json.Nodes;

namespace BoneCds.Api.Tests;

public class HostTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_report_healthy(string path)
    {
        var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        var html = await _client.GetStringAsync("/swagger/index.html");
        Assert.Contains("swagger-ui", html);
    }

    [Fact]
    public async Task Every_endpoint_in_the_openapi_document_has_worked_examples_that_return_cards()
    {
        var doc = JsonNode.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var hookExamples = doc.At("paths", "/cds-services/{id}", "post", "requestBody", "content", "application/json", "examples").AsObject();
        Assert.Equal(5, hookExamples.Count);
        foreach (var (_, example) in hookExamples)
        {
            var id = $"bone-health-{example!["value"]!["hook"]!.GetValue<string>()}";
            var response = await _client.PostAsync($"/cds-services/{id}", ApiFactory.Json(example!["value"]!.ToJsonString()));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            Assert.NotEmpty(JsonNode.Parse(body)!.Cards());
        }
        var feedback = doc.At("paths", "/cds-services/{id}/feedback", "post", "requestBody", "content", "application/json", "examples", "overridden", "value");
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/cds-services/bone-health-patient-view/feedback", ApiFactory.Json(feedback.ToJsonString()))).StatusCode);
        var bundles = doc.At("paths", "/api/v1/assessments", "post", "requestBody", "content", "application/fhir+json", "examples").AsObject();
        Assert.Equal(2, bundles.Count);
        foreach (var (_, bundle) in bundles)
        {
            var assessed = await _client.PostAsync("/api/v1/assessments", ApiFactory.Json(bundle!["value"]!.ToJsonString(), "application/fhir+json"));
            Assert.True(assessed.IsSuccessStatusCode);
            Assert.NotEmpty(JsonNode.Parse(await assessed.Content.ReadAsStringAsync())!.Cards());
        }
    }

    /// <summary>openapi/openapi.json is the committed contract: same paths and operations as the running host. UPDATE_OPENAPI=1 rewrites it.</summary>
    [Fact]
    public async Task Committed_openapi_document_matches_the_host()
    {
        var generated = await _client.GetStringAsync("/swagger/v1/swagger.json");
        var repoFile = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../openapi/openapi.json"));
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
            await File.WriteAllTextAsync(repoFile, JsonNode.Parse(generated)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        Assert.True(File.Exists(repoFile), $"missing {repoFile}; run the tests once with UPDATE_OPENAPI=1");
        static IEnumerable<string> Operations(JsonNode d) =>
            d["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {p.Key}")).Order();
        Assert.Equal(Operations(JsonNode.Parse(await File.ReadAllTextAsync(repoFile))!), Operations(JsonNode.Parse(generated)!));
    }

    /// <summary>Swagger UI's Authorize offers, per operation, exactly the credentials its authorization policy accepts.</summary>
    [Theory]
    [InlineData("/cds-services", "get", "")]
    [InlineData("/cds-services/{id}", "post", "cdsClientJwt")]
    [InlineData("/cds-services/{id}/feedback", "post", "cdsClientJwt")]
    [InlineData("/api/v1/assessments", "post", "apiKey cdsClientJwt")]
    [InlineData("/api/v1/feedback/summary", "get", "apiKey")]
    [InlineData("/examples/{name}", "get", "")]
    public async Task Openapi_security_follows_the_enforced_policy(string path, string method, string schemes)
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var security = document["paths"]![path]![method]!["security"]!.AsArray();
        Assert.Equal(schemes, string.Join(' ', security.SelectMany(r => r!.AsObject().Select(s => s.Key)).Order()));
        Assert.NotNull(document["components"]!["securitySchemes"]!["cdsClientJwt"]);
    }
}

public class ExampleEndpointTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Examples_carry_dates_relative_to_today()
    {
        var json = await factory.CreateClient().GetStringAsync("/examples/patient-view");
        Assert.DoesNotContain("${date", json);
        Assert.Contains("2026-11-11", json); // 14 days before the fixed test clock
    }

    [Fact]
    public async Task Unknown_example_is_404()
    {
        var response = await factory.CreateClient().GetAsync("/examples/nope");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}

public class CorsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Browser_cds_clients_get_a_cors_preflight_answer()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/cds-services/bone-health-patient-view");
        request.Headers.Add("Origin", "https://sandbox.cds-hooks.org");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        var response = await factory.CreateClient().SendAsync(request);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
