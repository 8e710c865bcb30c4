using System.Diagnostics;
using BoneCds.Api.Auth;
using BoneCds.Api.Errors;
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

    private static async Task<IResult> Invoke(string id, HttpContext http, BoneHealthEvaluator evaluator, TimeProvider clock,
        IOptions<ServiceOptions> options, ILoggerFactory loggers, CancellationToken ct)
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
            var drafts = DraftOrder.From(request.DraftOrders, request.Selections);
            var result = evaluator.Evaluate(request.Resources, request.PatientId, clock.GetUtcNow(), service.Kind, request.HookInstance,
                drafts, request.Rejected, medicationListKnown: !request.MissingPrefetch.Contains("medications"));
            var cards = result.Cards.ToList();
            if (request.MissingPrefetch.Count > 0)
                cards.Add(MissingDataCard.Build(request.HookInstance, request.MissingPrefetch, request.FhirServer is not null));

            // Rule ids, counts and timing only: no patient identifiers or clinical values (PHI) in logs.
            log.LogInformation("CDS service {ServiceId} evaluated in {ElapsedMs:0.0} ms: {CardCount} cards, rules {RuleIds}, {RejectedCount} rejected inputs, {MissingPrefetchCount} missing prefetch",
                service.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds, cards.Count,
                result.Assessment.Hits.Select(h => h.RuleId).Distinct().ToArray(), result.Assessment.Input.Rejected.Count, request.MissingPrefetch.Count);
            return Results.Json(new CdsHooksResponse(cards, []), JsonDefaults.Api);
        }
        catch (RequestProblem p)
        {
            log.LogWarning("CDS service {ServiceId} refused a request: {Status} {Title}", service.Id, p.Status, p.Title);
            return Problems.From(p, http);
        }
    }
}
