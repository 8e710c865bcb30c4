using BoneCds.Api.FhirServer;
using BoneCds.Rules.Assessment;
using BoneCds.Rules.Cards;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.CdsHooks;

public sealed record CdsHookOutcome(CdsHooksResponse Response, EvaluationResult Result, int UnavailableCount);

/// <summary>
/// One CDS Hooks call from request bytes to response: parse and validate, fetch what the prefetch lacks, evaluate, build cards.
/// The endpoint and the benchmarks run this same code.
/// </summary>
public sealed class CdsHookPipeline(BoneHealthEvaluator evaluator, FhirPrefetchFetcher fetcher, IOptions<FhirFetchOptions> fetchOptions)
{
    public async Task<CdsHookOutcome> RunAsync(ReadOnlyMemory<byte> body, CdsServiceDescriptor service, DateTimeOffset now,
        CancellationToken ct)
    {
        var request = CdsHookRequest.Parse(body.Span, service);
        var resources = request.Resources.ToList();
        var rejected = request.Rejected.ToList();
        var unavailable = request.MissingPrefetch.ToDictionary(k => k, k => request.PrefetchFailures.TryGetValue(k, out var failure)
            ? failure
            : request.FhirServer is null ? "not prefetched, and no fhirServer was given" : "not prefetched");
        if (unavailable.Count > 0 && request.FhirServer is not null)
        {
            if (!fetchOptions.Value.Enabled)
                foreach (var k in unavailable.Keys) unavailable[k] += "; fetching from the FHIR server is disabled here";
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
        var result = evaluator.Evaluate(resources, request.PatientId, now, service.Kind, request.HookInstance,
            drafts, rejected, medicationListKnown: !unavailable.ContainsKey("medications"));
        var cards = result.Cards.ToList();
        if (unavailable.Count > 0)
            cards.Add(InputProblemCards.MissingData(request.HookInstance, unavailable));
        return new CdsHookOutcome(new CdsHooksResponse(cards, []), result, unavailable.Count);
    }
}
