using Microsoft.AspNetCore.Hosting;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BoneCds.Api.Tests;

/// <summary>
/// Fetching on: the host runs in Development, where FhirFetch:AllowHttpLoopback is allowed, and each loopback stand-in is
/// registered as a FHIR server of a client (<see cref="Register"/>), since the switch never opens an unregistered server.
/// </summary>
public class FhirFallbackFactory : ApiFactory
{
    /// <summary>The registered FHIR server bases; the options hold this same list, so a stand-in started later can join it.</summary>
    private readonly List<string> _registered = [];

    public void Register(string fhirBase)
    {
        lock (_registered) _registered.Add(fhirBase);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
        builder.ConfigureServices(s => s.PostConfigure<BoneCds.Api.Auth.CdsAuthOptions>(o => o.Clients.Add(new()
        {
            Issuer = "loopback-stand-ins", JwksUrl = "https://stand-ins.invalid/jwks.json", FhirServers = _registered,
        })));
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:AllowUnauthenticated"] = "true",
        ["FhirFetch:Enabled"] = "true",
        ["FhirFetch:AllowHttpLoopback"] = "true",
        ["FhirFetch:TotalTimeoutSeconds"] = "2",
        ["FhirFetch:AttemptTimeoutSeconds"] = "1",
        ["FhirFetch:MaxRetries"] = "2",
        ["FhirFetch:RetryBaseDelaySeconds"] = "0.05",
        ["FhirFetch:BreakerMinimumThroughput"] = "10",
        ["FhirFetch:BreakerFailureRatio"] = "0.5",
        ["FhirFetch:BreakerBreakSeconds"] = "60",
    };
}

/// <summary>
/// A FHIR server stand-in on loopback, serving the vignette's data; each test scripts how it misbehaves.
/// Behaviour gets the resource type asked for and the count of requests so far for it.
/// </summary>
public sealed class FhirStandIn : IAsyncDisposable
{
    public LoopbackServer Server { get; private set; } = null!;
    public readonly Dictionary<string, int> Requests = new();
    public readonly List<string?> AuthorizationHeaders = [];
    public Func<string, int, HttpContext, Task<IResult?>> Behaviour { get; set; } = (_, _, _) => Task.FromResult<IResult?>(null);
    public string Base => Server.BaseUrl + "/fhir";

    /// <summary>Starts a stand-in, registered as a FHIR server with <paramref name="registerWith"/> when given.</summary>
    public static async Task<FhirStandIn> StartAsync(FhirFallbackFactory? registerWith = null)
    {
        var s = new FhirStandIn();
        var prefetch = JsonNode.Parse(ApiFactory.Fixture("patient-view.json"))!["prefetch"]!;
        s.Server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/fhir/{type}/{id?}", async (string type, HttpContext http) =>
            {
                int n;
                lock (s.Requests) { n = s.Requests[type] = s.Requests.GetValueOrDefault(type) + 1; s.AuthorizationHeaders.Add(http.Request.Headers.Authorization); }
                if (await s.Behaviour(type, n, http) is { } scripted) return scripted;
                var json = type switch
                {
                    "Patient" => prefetch["patient"]!.ToJsonString(),
                    // The labs search asks for 25(OH)D; the densitometry search for the DXA codes.
                    "Observation" => prefetch[http.Request.Query["code"].ToString().Contains("62292-8") ? "labs" : "densitometry"]!
                        .ToJsonString(),
                    _ => """{"resourceType":"Bundle","type":"searchset","total":0}""",
                };
                return Results.Text(json, "application/fhir+json");
            });
        });
        registerWith?.Register(s.Base);
        return s;
    }

    public int Count(string type) { lock (Requests) return Requests.GetValueOrDefault(type); }
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

public class FhirFallbackTests(FhirFallbackFactory factory) : IClassFixture<FhirFallbackFactory>
{
    /// <summary>
    /// The patient-view example with its prefetch gone but for <paramref name="keep"/> (by default the densitometry key, as an
    /// EHR that prefetches part of the data sends it): with every observation key gone and none obtainable the answer is a 412.
    /// </summary>
    private static string RequestWithoutPrefetch(string fhirServer, string? keep = "densitometry")
    {
        var req = JsonNode.Parse(ApiFactory.Fixture("patient-view.json"))!.AsObject();
        var kept = keep is null ? null : req["prefetch"]![keep]!.DeepClone();
        req.Remove("prefetch");
        if (kept is not null) req["prefetch"] = new JsonObject { [keep!] = kept };
        req["fhirServer"] = fhirServer;
        req["fhirAuthorization"] = new JsonObject { ["access_token"] = "ehr-access-token", ["token_type"] = "Bearer", ["expires_in"] = 300, ["scope"] = "patient/*.read", ["subject"] = "cds" };
        return req.ToJsonString();
    }

    private async Task<List<JsonNode>> Cards(string body)
    {
        var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30); // a hang fails the test instead of stalling the run
        var response = await client.PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.Cards();
    }

    private static string Unavailable(List<JsonNode> cards) => cards.Card("INPUT-PREFETCH-MISSING").Text("detail");

    [Fact]
    public async Task Missing_prefetch_is_fetched_with_the_token_and_gives_full_cards()
    {
        await using var fhir = await FhirStandIn.StartAsync(factory);
        var cards = await Cards(RequestWithoutPrefetch(fhir.Base, keep: null));
        Assert.Contains(cards, c => c.HasRule("VITD-DEFICIENT") && c.HasRule("PTH-SECONDARY-HPT"));
        Assert.Contains(cards, c => c.HasRule("RISK-HIGH"));
        Assert.DoesNotContain(cards, c => c.HasRule("INPUT-PREFETCH-MISSING"));
        Assert.All(fhir.AuthorizationHeaders, h => Assert.Equal("Bearer ehr-access-token", h));
        // patient, labs, densitometry, medications, conditions, administrations (v4)
        Assert.Equal(6, fhir.AuthorizationHeaders.Count);
    }

    [Fact]
    public async Task Server_failing_twice_then_answering_is_retried_to_full_cards()
    {
        await using var fhir = await FhirStandIn.StartAsync(factory);
        fhir.Behaviour = (type, n, _) => Task.FromResult<IResult?>(type == "Observation" && n <= 2 ? Results.StatusCode(503) : null);
        var cards = await Cards(RequestWithoutPrefetch(fhir.Base));
        Assert.Equal(3, fhir.Count("Observation")); // two failures, then the labs search (densitometry was prefetched)
        Assert.Contains(cards, c => c.HasRule("VITD-DEFICIENT"));
        Assert.DoesNotContain(cards, c => c.HasRule("INPUT-PREFETCH-MISSING"));
    }

    [Fact]
    public async Task Rate_limit_with_retry_after_is_honoured()
    {
        await using var fhir = await FhirStandIn.StartAsync(factory);
        fhir.Behaviour = (type, n, http) =>
        {
            if (type != "Observation" || n > 1) return Task.FromResult<IResult?>(null);
            http.Response.Headers.RetryAfter = "1";
            return Task.FromResult<IResult?>(Results.StatusCode(429));
        };
        var cards = await Cards(RequestWithoutPrefetch(fhir.Base));
        Assert.Equal(2, fhir.Count("Observation")); // one 429 and its retry (densitometry was prefetched)
        Assert.Contains(cards, c => c.HasRule("VITD-DEFICIENT"));
    }

    [Fact]
    public async Task The_fetch_outcome_tag_comes_from_the_failure_never_from_the_EHR_words()
    {
        await using var fhir = await FhirStandIn.StartAsync(factory);
        fhir.Behaviour = (type, _, _) => Task.FromResult<IResult?>(type == "Observation"
            ? Results.Text("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"transient\","
                + "\"diagnostics\":\"network timed out; circuit answered 503\"}]}", "application/fhir+json")
            : null);
        // This host's meters only (tests of other classes run alongside with their own hosts).
        var scope = factory.Services.GetRequiredService<IMeterFactory>();
        var outcomes = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == scope && instrument.Name == "bonecds.fhir.fetch") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "outcome") lock (outcomes) outcomes.Add((string)tag.Value!);
        });
        listener.Start();

        await Cards(RequestWithoutPrefetch(fhir.Base));

        lock (outcomes)
        {
            Assert.Contains("operation_outcome", outcomes);
            Assert.DoesNotContain(outcomes, o => o is "network" or "timeout" or "circuit_open" or "http_error");
        }
    }

    [Fact]
    public async Task Stalled_server_gives_a_degraded_answer_saying_what_is_missing()
    {
        await using var fhir = await FhirStandIn.StartAsync(factory);
        fhir.Behaviour = async (type, _, http) =>
        {
            if (type == "Observation") await Task.Delay(TimeSpan.FromSeconds(60), http.RequestAborted);
            return null;
        };
        var cards = await Cards(RequestWithoutPrefetch(fhir.Base));
        Assert.Contains("`labs`: could not be fetched", Unavailable(cards));
        Assert.DoesNotContain(cards, c => c.HasRule("VITD-DEFICIENT"));
    }

    [Fact]
    public async Task A_response_over_the_size_cap_is_not_read_into_memory()
    {
        await using var fhir = await FhirStandIn.StartAsync(factory);
        var huge = """{"resourceType":"Bundle","type":"searchset","implicitRules":"https://x.example/""" + new string('a', 9 * 1024 * 1024) + "\"}";
        fhir.Behaviour = (type, _, _) => Task.FromResult<IResult?>(type == "Observation" ? Results.Text(huge, "application/fhir+json") : null);
        var cards = await Cards(RequestWithoutPrefetch(fhir.Base));
        Assert.Contains("`labs`: could not be fetched from the FHIR server: not available", Unavailable(cards));
        Assert.Contains(factory.Logs.Lines, l => l.Contains("prefetch key") && l.Contains("labs") && l.Contains("network error"));
    }

    [Fact]
    public async Task Circuit_opens_after_repeated_failures_and_stops_calling_the_server()
    {
        await using var fhir = await FhirStandIn.StartAsync(factory);
        fhir.Behaviour = (_, _, _) => Task.FromResult<IResult?>(Results.StatusCode(500));
        var first = await Cards(RequestWithoutPrefetch(fhir.Base));
        var afterFirst = fhir.Requests.Values.Sum();
        var second = await Cards(RequestWithoutPrefetch(fhir.Base));
        Assert.Equal(afterFirst, fhir.Requests.Values.Sum());
        Assert.Contains("could not be fetched from the FHIR server: not available", Unavailable(second));
        Assert.Contains("could not be fetched", Unavailable(first));
        Assert.True(factory.Logs.Contains("circuit is open"), "the reason goes to the log");
    }

    [Fact]
    public async Task Searchset_next_links_are_followed()
    {
        await using var fhir = await FhirStandIn.StartAsync(factory);
        var prefetch = JsonNode.Parse(ApiFactory.Fixture("patient-view.json"))!["prefetch"]!;
        var entries = new JsonArray(prefetch["labs"]!["entry"]!.AsArray().Concat(prefetch["densitometry"]!["entry"]!.AsArray())
            .Select(e => e!.DeepClone()).ToArray());
        var page2 = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["entry"] = new JsonArray(entries.Where(e => e!["resource"]!["id"]!.GetValue<string>().StartsWith("dxa")).Select(e => e!.DeepClone()).ToArray()) };
        var page1 = new JsonObject
        {
            ["resourceType"] = "Bundle", ["type"] = "searchset",
            ["link"] = new JsonArray(new JsonObject { ["relation"] = "next", ["url"] = fhir.Base + "/ObservationPage2" }),
            ["entry"] = new JsonArray(entries.Where(e => !e!["resource"]!["id"]!.GetValue<string>().StartsWith("dxa")).Select(e => e!.DeepClone()).ToArray()),
        };
        fhir.Behaviour = (type, _, http) => Task.FromResult<IResult?>(type switch
        {
            // Every result on the labs search, in two pages; the densitometry search finds nothing more.
            "Observation" when http.Request.Query["code"].ToString().Contains("62292-8") =>
                Results.Text(page1.ToJsonString(), "application/fhir+json"),
            "Observation" => Results.Text("""{"resourceType":"Bundle","type":"searchset"}""", "application/fhir+json"),
            "ObservationPage2" => Results.Text(page2.ToJsonString(), "application/fhir+json"),
            _ => null,
        });
        var cards = await Cards(RequestWithoutPrefetch(fhir.Base, keep: null));
        Assert.Equal(1, fhir.Count("ObservationPage2"));
        Assert.Contains(cards, c => c.HasRule("BMD-OSTEOPOROSIS")); // DXA came from page 2
        Assert.Contains(cards, c => c.HasRule("VITD-DEFICIENT"));   // labs from page 1
    }

    [Fact]
    public async Task Next_link_to_another_host_is_not_followed()
    {
        await using var fhir = await FhirStandIn.StartAsync(factory);
        var page1 = new JsonObject
        {
            ["resourceType"] = "Bundle", ["type"] = "searchset",
            ["link"] = new JsonArray(new JsonObject { ["relation"] = "next", ["url"] = "https://elsewhere.example/fhir/Observation?page=2" }),
        };
        fhir.Behaviour = (type, _, _) => Task.FromResult<IResult?>(type == "Observation" ? Results.Text(page1.ToJsonString(), "application/fhir+json") : null);
        var cards = await Cards(RequestWithoutPrefetch(fhir.Base));
        Assert.Contains("not available", Unavailable(cards));
        Assert.DoesNotContain("another server", Unavailable(cards));
        Assert.True(factory.Logs.Contains("outside the fhirServer base URL"), "the reason goes to the log");
    }

    /// <summary>Security review 2026-12-01, L7: a next link elsewhere on the same server ("GET /admin/secret" with the token).</summary>
    [Fact]
    public async Task Next_link_outside_the_base_path_on_the_same_server_is_not_followed()
    {
        var secretCalls = 0;
        var page1 = "";
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/fhir/{type}", (string type) => Results.Text(type == "Observation" ? page1
                : """{"resourceType":"Bundle","type":"searchset","total":0}""", "application/fhir+json"));
            app.MapGet("/fhir/{type}/{id}", () => Results.Text("""{"resourceType":"Patient","id":"example-patient"}""",
                "application/fhir+json"));
            app.MapGet("/admin/secret", () => { Interlocked.Increment(ref secretCalls); return Results.Text("{}"); });
        });
        page1 = new JsonObject
        {
            ["resourceType"] = "Bundle", ["type"] = "searchset",
            ["link"] = new JsonArray(new JsonObject { ["relation"] = "next", ["url"] = server.BaseUrl + "/fhir/../admin/secret" }),
        }.ToJsonString();
        factory.Register(server.BaseUrl + "/fhir");
        var cards = await Cards(RequestWithoutPrefetch(server.BaseUrl + "/fhir"));
        Assert.Equal(0, secretCalls);
        Assert.Contains("`labs`", Unavailable(cards));
        Assert.True(factory.Logs.Contains("outside the fhirServer base URL"), "the reason goes to the log");
    }

    [Fact]
    public async Task Redirect_is_not_followed_so_the_token_stays_home()
    {
        await using var fhir = await FhirStandIn.StartAsync(factory);
        await using var elsewhere = await FhirStandIn.StartAsync();
        fhir.Behaviour = (type, _, _) => Task.FromResult<IResult?>(type == "Observation" ? Results.Redirect(elsewhere.Base + "/Observation") : null);
        var cards = await Cards(RequestWithoutPrefetch(fhir.Base));
        Assert.Equal(0, elsewhere.Requests.Values.Sum());
        Assert.Contains("`labs`", Unavailable(cards));
    }

    [Fact]
    public async Task Plain_http_fhir_server_off_loopback_is_not_called()
    {
        factory.Register("http://ehr.example.org/fhir");
        var cards = await Cards(RequestWithoutPrefetch("http://ehr.example.org/fhir"));
        Assert.Contains("not available", Unavailable(cards));
        Assert.True(factory.Logs.Contains("fhirServer is not https"), "the reason goes to the log");
    }

    [Fact]
    public async Task No_fhir_server_and_some_prefetch_evaluates_what_there_is_and_says_so()
    {
        var req = JsonNode.Parse(RequestWithoutPrefetch("https://x.example"))!.AsObject();
        req.Remove("fhirServer");
        var cards = await Cards(req.ToJsonString());
        Assert.Contains("no fhirServer was given", Unavailable(cards));
    }
}
