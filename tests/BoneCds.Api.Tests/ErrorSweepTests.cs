using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace BoneCds.Api.Tests;

/// <summary>
/// Every 4xx the host, routing or an endpoint answers carries problem details (RFC 7807) with application/problem+json, in FHIR
/// terms and with no .NET type name; and every request leaves one log line (method, path template, status, time), with no
/// query string and no id.
/// </summary>
public class ErrorSweepTests(ErrorSweepTests.LimitedFactory factory) : IClassFixture<ErrorSweepTests.LimitedFactory>
{
    public sealed class LimitedFactory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Service:MaxRequestBodyBytes", "4096");
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? body = null, string? contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        }
        return request;
    }

    public static TheoryData<string, Func<HttpRequestMessage>, int, string?> Cases => new()
    {
        { "no Content-Type (curl without -H)", () => Request(HttpMethod.Post, "/cds-services/bone-health-patient-view", "{}", null), 415, null },
        { "a method the route does not have", () => Request(HttpMethod.Put, "/cds-services/bone-health-patient-view", "{}"), 405, null },
        { "a path that is not there", () => Request(HttpMethod.Get, "/nothing-here"), 404, null },
        { "an unknown service", () => Request(HttpMethod.Post, "/cds-services/nope", "{}"), 404, "nope" },
        { "a body over the limit", () => Request(HttpMethod.Post, "/cds-services/bone-health-patient-view", new string(' ', 5000) + "{}"), 413, null },
        { "malformed feedback", () => Request(HttpMethod.Post, "/cds-services/bone-health-patient-view/feedback", """{"feedback":{}}"""), 400,
            "$.feedback" },
        { "a document Bundle", () => Request(HttpMethod.Post, "/api/v1/assessments", """{"resourceType":"Bundle","type":"document"}""",
            "application/fhir+json"), 400, "'document'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_4xx_is_problem_details_in_fhir_terms_without_dotnet_type_names(string name, Func<HttpRequestMessage> request,
        int status, string? mentions)
    {
        var response = await factory.CreateClient().SendAsync(request());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.NotNull(problem["title"]);
        Assert.NotNull(problem["traceId"]);
        foreach (var dotnet in new[] { "System.", "`1", "IReadOnlyList", "BoneCds.", "'Document'" })
            Assert.DoesNotContain(dotnet, text, StringComparison.Ordinal);
        if (mentions is not null) Assert.Contains(mentions, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_request_leaves_one_log_line_with_the_path_template_and_no_query_or_id()
    {
        using var host = new ApiFactory();
        var client = host.CreateClient();
        await client.GetAsync("/cds-services");
        await client.GetAsync("/nothing-here/Patient/MRN-4711?patientId=MRN-4711");
        await client.SendAsync(Request(HttpMethod.Options, "/cds-services"));
        await client.PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json(ApiFactory.Fixture("patient-view.json")));
        // Through the logging provider a string property is quoted ("GET"); the console writes it bare.
        var lines = host.Logs.Lines.Where(l => l.StartsWith("HTTP ", StringComparison.Ordinal)).Select(l => l.Replace("\"", "")).ToList();
        Assert.Contains(lines, l => l.StartsWith("HTTP GET /cds-services responded 200 in ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("HTTP GET /nothing-here/Patient/{id} responded 404", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("HTTP OPTIONS /cds-services responded", StringComparison.Ordinal)); // CORS preflight
        Assert.Contains(lines, l => l.StartsWith("HTTP POST /cds-services/{id} responded 200", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("MRN-4711", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_token_is_called_missing()
    {
        using var host = new AuthOnFactory();
        var response = await host.CreateClient().PostAsync("/cds-services/bone-health-patient-view",
            ApiFactory.Json(ApiFactory.Fixture("patient-view.json")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("missing", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
    }

    private sealed class AuthOnFactory : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Auth:Clients:0:Issuer"] = "https://ehr.example", ["Auth:Clients:0:JwksUrl"] = "https://ehr.example/jwks.json",
            ["FhirFetch:Enabled"] = "false",
        };
    }
}
