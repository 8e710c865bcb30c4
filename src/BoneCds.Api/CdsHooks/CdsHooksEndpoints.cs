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

    private static async Task<IResult> Invoke(string id, HttpContext http, CdsHookPipeline pipeline, ClinicalTime clock,
        IOptions<ServiceOptions> options, IssuedCardRecorder recorder, ILoggerFactory loggers, CancellationToken ct)
    {
        var log = loggers.CreateLogger("BoneCds.CdsHooks");
        var service = CdsServiceCatalog.Find(id);
        if (service is null)
            return Problems.From(RequestProblem.UnknownService(id), http);

        var started = Stopwatch.GetTimestamp();
        try
        {
            var body = await BodyReader.ReadJsonAsync(http.Request, options.Value.MaxRequestBodyBytes, ct);
            var (response, result, unavailableCount) = await pipeline.RunAsync(body, service, clock.GetUtcNow(), ct);
            var cards = response.Cards;

            recorder.Enqueue(cards.Select(c => new IssuedCard(c.Uuid, service.Id, c.RuleIds, clock.GetUtcNow())).ToList());

            // Rule ids, counts and timing only: no patient identifiers or clinical values (PHI) in logs.
            log.LogInformation("CDS service {ServiceId} evaluated in {ElapsedMs:0.0} ms: {CardCount} cards, rules {RuleIds}, {RejectedCount} rejected inputs, {UnavailableCount} prefetch keys unavailable",
                service.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds, cards.Count,
                result.Assessment.Hits.Select(h => h.RuleId).Distinct().ToArray(), result.Assessment.Input.Rejected.Count, unavailableCount);
            return Results.Json(response, JsonDefaults.Api);
        }
        catch (RequestProblem p)
        {
            log.LogWarning("CDS service {ServiceId} refused a request: {Status} {Title}", service.Id, p.Status, p.Title);
            return Problems.From(p, http);
        }
    }
}
