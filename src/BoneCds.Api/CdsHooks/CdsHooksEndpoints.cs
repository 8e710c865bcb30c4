using System.Diagnostics;
using BoneCds.Api.Auth;
using BoneCds.Api.Feedback;
using BoneCds.Api.Hosting;
using BoneCds.Api.Http;
using BoneCds.Api.Telemetry;
using BoneCds.Rules.Cards.Contract;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.CdsHooks;

/// <summary>
/// CDS Hooks 2.0 response. systemActions is optional and never sent empty ("JSON attribute values SHALL NOT be null or empty";
/// an optional attribute without a value is omitted); cards is required, and an empty array when there is nothing to say.
/// </summary>
public sealed record CdsHooksResponse(IReadOnlyList<CdsCard> Cards, IReadOnlyList<object>? SystemActions = null);

/// <summary>What a hook call needs besides the request, bundled so the handler's signature stays short.</summary>
public sealed record CdsHookServices(CdsHookPipeline Pipeline, ClinicalTime Clock, IOptions<ServiceOptions> Options,
    IssuedCardRecorder Recorder, Suppression.SuppressionService Suppression, BoneCdsMetrics Metrics, ILogger<CdsHookServices> Log,
    IOptions<SmartApp.SmartAppOptions> SmartApp, IOptionsMonitor<Auth.CdsAuthOptions> Auth);

public static class CdsHooksEndpoints
{
    public const string DiscoveryName = "Discovery";
    public const string InvokeServiceName = "InvokeService";

    /// <summary>
    /// /cds-services: discovery, and per service (/{id}) the hook call and its feedback, behind the CdsClient policy and
    /// the unknown-service 404.
    /// </summary>
    public static void MapCdsHooks(this IEndpointRouteBuilder app)
    {
        var cds = app.MapGroup("/cds-services").WithTags("CDS Hooks").RequireCors(CorsSetup.CdsClients);
        cds.MapGet("", ListServices)
            .WithName(DiscoveryName)
            .WithSummary("CDS Hooks discovery: the services this host offers and their prefetch templates")
            .Produces<CdsDiscoveryResponse>();

        var service = cds.MapGroup("/{id}").RequireAuthorization(CallerPolicies.CdsClient).AddEndpointFilter<KnownServiceFilter>();
        service.MapPost("", InvokeServiceAsync)
            .WithName(InvokeServiceName)
            .WithSummary("Call a CDS service (patient-view, order-select or order-sign) and receive cards")
            .Accepts<System.Text.Json.JsonElement>("application/json")
            .Produces<CdsHooksResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        service.MapFeedback();
    }

    private static JsonHttpResult<CdsDiscoveryResponse> ListServices() =>
        TypedResults.Json(new CdsDiscoveryResponse(CdsServiceCatalog.Services), JsonDefaults.Api);

    private static async Task<JsonHttpResult<CdsHooksResponse>> InvokeServiceAsync(string id, HttpContext http,
        [AsParameters] CdsHookServices services, CancellationToken ct)
    {
        var service = http.CdsService();
        var started = Stopwatch.GetTimestamp();
        var body = await BodyReader.ReadJsonAsync(http.Request, services.Options.Value.MaxRequestBodyBytes, ct);
        var caller = http.AuthenticatedCaller();
        var outcome = await services.Pipeline.RunAsync(body, service, services.Clock.GetUtcNow(), ct, caller);
        var (result, unavailableCount) = (outcome.Result, outcome.UnavailableCount);
        var client = caller ?? CallerAuthenticator.DevelopmentCaller;
        var issuedAt = services.Clock.GetUtcNow();
        // Remembered overrides (v3): a card the clinician dismissed with a reason is left out for this patient, within limits.
        var (cards, issued) = await services.Suppression.ApplyAsync(outcome.Response.Cards, result.Assessment, outcome.Request, service.Id,
            client, issuedAt, ct);
        var smart = services.SmartApp.Value;
        // The trend page's "smart" link on the cards it explains (issue 15): after suppression, so a hidden card carries none.
        var shown = smart.Enabled
            ? SmartApp.SmartAppSetup.WithTrendLinks(cards,
                SmartApp.SmartAppSetup.LaunchUrl(http.Request, services.Auth.CurrentValue.PublicBaseUrl, smart))
            : cards;
        var response = outcome.Response with { Cards = shown.ToList() };
        services.Recorder.Enqueue(issued);

        var elapsed = Stopwatch.GetElapsedTime(started);
        var serviceTag = new KeyValuePair<string, object?>("service", service.Id);
        services.Metrics.HookDuration.Record(elapsed.TotalSeconds, serviceTag);
        foreach (var card in cards)
            foreach (var rule in card.RuleIds)
                services.Metrics.Cards.Add(1, new("rule_id", rule), new("indicator", card.Indicator));
        foreach (var rejected in result.Assessment.Input.Rejected)
            services.Metrics.RejectedInputs.Add(1, new KeyValuePair<string,
                object?>("reason", BoneCdsMetrics.ReasonCategory(rejected.Kind)));

        // Rule ids, counts and timing only: no patient identifiers or clinical values (PHI) in logs.
        services.Log.LogInformation("CDS service {ServiceId} evaluated in {ElapsedMs:0.0} ms: {CardCount} cards, rules {RuleIds}, "
            + "{RejectedCount} rejected inputs, {UnavailableCount} prefetch keys unavailable",
            service.Id, elapsed.TotalMilliseconds, cards.Count,
            result.Assessment.Hits.Select(h => h.RuleId).Distinct().ToArray(), result.Assessment.Input.Rejected.Count, unavailableCount);
        return TypedResults.Json(response, JsonDefaults.Api);
    }
}
