using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace BoneCds.Api.Tests;

/// <summary>Metrics on /metrics after a hook call, spans per hook, and trace ids in problems; no patient data in any of them.</summary>
public class TelemetryTests(EhrKeys keys) : IClassFixture<EhrKeys>
{
    private static async Task<string> ScrapeAsync(HttpClient client, params string[] expected)
    {
        // The exporter caches a scrape briefly; ask again until the names show up (bounded).
        var text = "";
        for (var attempt = 0; attempt < 20; attempt++)
        {
            text = await client.GetStringAsync("/metrics");
            if (expected.All(text.Contains)) break;
            await Task.Delay(200);
        }
        return text;
    }

    [Fact]
    public async Task Metrics_name_the_hook_cards_rejections_prefetch_and_auth_without_patient_data()
    {
        using var factory = new AuthFactory(keys);
        var client = factory.CreateClient();
        var request = JsonNode.Parse(ApiFactory.Fixture("patient-view.json"))!.AsObject();
        request["prefetch"]!.AsObject().Remove("conditions");
        request["prefetch"]!["labs"]!["entry"]![0]!["resource"]!["status"] = "entered-in-error";
        const string path = "/cds-services/bone-health-patient-view";
        var hook = new HttpRequestMessage(HttpMethod.Post, path) { Content = ApiFactory.Json(request.ToJsonString()) };
        hook.Headers.Authorization = new("Bearer", keys.Token(factory.Clock.GetUtcNow(), "http://localhost" + path));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(hook)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync(path, ApiFactory.Json(request.ToJsonString()))).StatusCode);

        string[] names =
        [
            "bonecds_hook_duration_seconds_bucket", "bonecds_cards_total", "bonecds_inputs_rejected_total",
            "bonecds_prefetch_missing_total", "bonecds_auth_failures_total",
        ];
        var metrics = await ScrapeAsync(client, names);
        foreach (var name in names) Assert.Contains(name, metrics);
        Assert.Contains("rule_id=\"RISK-HIGH\"", metrics);
        Assert.Contains("reason=\"status\"", metrics);
        Assert.Contains("key=\"conditions\"", metrics);
        Assert.Contains("reason=\"missing\"", metrics);
        Assert.DoesNotContain("example-patient", metrics);
    }

    [Fact]
    public async Task A_hook_is_one_span_with_parse_read_rules_and_cards_inside()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("BoneCds", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) spans.Add(activity); },
        };
        ActivitySource.AddActivityListener(listener);
        using var factory = new ApiFactory();
        // The EHR's W3C trace context: the hook joins that trace, which also singles out this test's spans from those of
        // tests running in parallel (the listener hears every BoneCds span of the process).
        var traceId = ActivityTraceId.CreateRandom();
        var call = new HttpRequestMessage(HttpMethod.Post, "/cds-services/bone-health-patient-view")
        {
            Content = ApiFactory.Json(ApiFactory.Fixture("patient-view.json")),
        };
        call.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await factory.CreateClient().SendAsync(call);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        List<Activity> seen;
        lock (spans) seen = spans.Where(a => a.TraceId == traceId).ToList();
        var hook = Assert.Single(seen, a => a.DisplayName == "hook bone-health-patient-view");
        var children = seen.Where(a => a.ParentSpanId == hook.SpanId).Select(a => a.DisplayName).ToList();
        foreach (var child in new[] { "parse", "read", "rules", "cards" }) Assert.Contains(child, children);
        Assert.All(seen.SelectMany(a => a.Tags), tag => Assert.DoesNotContain("example-patient", tag.Value ?? ""));
    }

    [Fact]
    public async Task Problems_carry_the_w3c_trace_id()
    {
        using var factory = new ApiFactory();
        var response = await factory.CreateClient().PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json("{"));
        var traceId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Text("traceId");
        Assert.Matches("^[0-9a-f]{32}$", traceId);
    }
}
