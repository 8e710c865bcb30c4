using System.Diagnostics;
using BoneCds.Api.Auth;
using BoneCds.Api.Errors;
using BoneCds.Api.Feedback;
using BoneCds.Api.FhirServer;
using BoneCds.Api.Hosting;
using BoneCds.Rules.Assessment;
using BoneCds.Rules.Cards;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.CdsHooks;

public sealed record CdsHooksResponse(IReadOnlyList<CdsCard> Cards, IReadOnlyList<object> SystemActions);

public static class CdsHooksEndpoints
{
    public static void MapCdsHooks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cds-services", () => Results.Json(new CdsDiscoveryResponse(CdsServiceCatalog.Services), JsonDefaults.Api))
            .WithTags("CDS Hooks").WithName("Discovery")
            .WithSummary("CDS Hooks discovery: the services this host offers and their prefetch templates")
            .Produces<CdsDiscoveryResponse>();

        app.MapPost("/cds-services/{id}", Invoke)
            .AddEndpointFilter<CdsAuthFilter>()
            .WithTags("CDS Hooks").WithName("InvokeService")
            .WithSummary("Call a CDS service (patient-view, order-select or order-sign) and receive cards")
            .Accepts<System.Text.Json.JsonElement>("application/json")
            .Produces<CdsHooksResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> Invoke(string id, HttpContext http, BoneHealthEvaluator evaluator, ClinicalTime clock,
        IOptions<ServiceOptions> options, FhirPrefetchFetcher fetcher, IssuedCardRecorder recorder, IOptions<FhirFetchOptions> fetchOptions, ILoggerFactory loggers, CancellationToken ct)
    {
        var log = loggers.CreateLogger("BoneCds.CdsHooks");
        var service = CdsServiceCatalog.Find(id);
        if (service is null)
            return Problems.From(new RequestProblem(StatusCodes.Status404NotFound, "Unknown CDS service", $"No CDS service with id '{id}'. See GET /cds-services."), http);

        var started = Stopwatch.GetTimestamp();
        try
        {
            var body = await BodyReader.ReadJsonAsync(http.Request, options.Value.MaxRequestBodyBytes, ct);
            var request = CdsHookRequest.Parse(body, service);
            var resources = request.Resources.ToList();
            var rejected = request.Rejected.ToList();
            var unavailable = request.MissingPrefetch.ToDictionary(k => k, _ => request.FhirServer is null ? "not prefetched, and no fhirServer was given" : "not prefetched");
            if (unavailable.Count > 0 && request.FhirServer is not null)
            {
                if (!fetchOptions.Value.Enabled)
                    foreach (var k in unavailable.Keys) unavailable[k] = "not prefetched; fetching from the FHIR server is disabled here";
                else if (fetcher.CheckServerUrl(request.FhirServer) is { } badUrl)
                    foreach (var k in unavailable.Keys) unavailable[k] = $"not fetched: {badUrl}";
                else
                {
                    var outcome = await fetcher.FetchAsync(request.FhirServer, request.AccessToken, request.PatientId,
                        unavailable.Keys.Select(k => (k, CdsServiceCatalog.Prefetch[k])).ToList(), ct);
                    resources.AddRange(outcome.Resources);
                    rejected.AddRange(outcome.Rejected);
                    unavailable = outcome.Failed.ToDictionary(kv => kv.Key, kv => $"could not be fetched: {kv.Value}");
                }
            }
            var drafts = DraftOrder.From(request.DraftOrders, request.Selections);
            var result = evaluator.Evaluate(resources, request.PatientId, clock.GetUtcNow(), service.Kind, request.HookInstance,
                drafts, rejected, medicationListKnown: !unavailable.ContainsKey("medications"));
            var cards = result.Cards.ToList();
            if (unavailable.Count > 0)
                cards.Add(MissingDataCard.Build(request.HookInstance, unavailable));

            recorder.Enqueue(cards.Select(c => new IssuedCard(c.Uuid, service.Id, c.RuleIds, clock.GetUtcNow())).ToList());

            // Rule ids, counts and timing only: no patient identifiers or clinical values (PHI) in logs.
            log.LogInformation("CDS service {ServiceId} evaluated in {ElapsedMs:0.0} ms: {CardCount} cards, rules {RuleIds}, {RejectedCount} rejected inputs, {UnavailableCount} prefetch keys unavailable",
                service.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds, cards.Count,
                result.Assessment.Hits.Select(h => h.RuleId).Distinct().ToArray(), result.Assessment.Input.Rejected.Count, unavailable.Count);
            return Results.Json(new CdsHooksResponse(cards, []), JsonDefaults.Api);
        }
        catch (RequestProblem p)
        {
            log.LogWarning("CDS service {ServiceId} refused a request: {Status} {Title}", service.Id, p.Status, p.Title);
            return Problems.From(p, http);
        }
    }
}
