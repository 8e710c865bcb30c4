using BoneCds.Api.FhirServer;
using BoneCds.Rules.Assessment;
using BoneCds.Rules.Cards;
using BoneCds.Api.Telemetry;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.CdsHooks;

public sealed record CdsHookOutcome(CdsHooksResponse Response, EvaluationResult Result, int UnavailableCount);

/// <summary>
/// One CDS Hooks call from request bytes to response: parse and validate, fetch what the prefetch lacks, evaluate, build cards.
/// The endpoint and the benchmarks run this same code.
/// </summary>
public sealed class CdsHookPipeline(BoneHealthEvaluator evaluator, FhirPrefetchFetcher fetcher, FhirServerPolicy servers,
    IOptions<FhirFetchOptions> fetchOptions, ILogger<CdsHookPipeline> log, BoneCdsMetrics? metrics = null, PrefetchCache? prefetchCache =
        null)
{
    /// <summary>What a card says about data that could not be fetched: the reason goes to the log, not to the caller (H2).</summary>
    public const string NotAvailable = "not available";

    public async Task<CdsHookOutcome> RunAsync(ReadOnlyMemory<byte> body, CdsServiceDescriptor service, DateTimeOffset now,
        CancellationToken ct, string? clientIssuer = null)
    {
        using var hook = BoneCdsMetrics.Activities.StartActivity($"hook {service.Id}");
        hook?.SetTag("bonecds.service", service.Id);
        CdsHookRequest request;
        using (BoneCdsMetrics.Activities.StartActivity("parse"))
            request = CdsHookRequest.Parse(body.Span, service, prefetchCache, clientIssuer ?? Auth.CallerAuthenticator.DevelopmentCaller);
        foreach (var key in request.MissingPrefetch) metrics?.PrefetchMissing.Add(1, new KeyValuePair<string, object?>("key", key));
        var resources = request.Resources.ToList();
        var rejected = request.Rejected.ToList();
        var unavailable = request.MissingPrefetch.ToDictionary(k => k, k => request.PrefetchFailures.TryGetValue(k, out var failure)
            ? failure
            : request.FhirServer is null ? "not prefetched, and no fhirServer was given" : "not prefetched");
        if (unavailable.Count > 0 && request.FhirServer is not null)
        {
            var refusal = "fetching is disabled";
            var grant = fetchOptions.Value.Enabled ? servers.Check(request.FhirServer, clientIssuer, out refusal) : null;
            if (grant is null)
            {
                log.LogWarning("Missing prefetch not fetched: {Reason}", refusal);
                foreach (var key in unavailable.Keys) unavailable[key] += $"; data {NotAvailable}";
            }
            else
            {
                using var fetch = BoneCdsMetrics.Activities.StartActivity("fetch");
                var outcome = await fetcher.FetchAsync(grant, request.AccessToken, request.PatientId,
                    unavailable.Keys.Select(k => (k, CdsServiceCatalog.Prefetch[k])).ToList(), ct);
                foreach (var key in unavailable.Keys)
                    metrics?.PrefetchFetched.Add(1, new("key", key),
                        new("outcome", outcome.Failed.ContainsKey(key) ? "failed" : "fetched"));
                resources.AddRange(outcome.Resources);
                rejected.AddRange(outcome.Rejected);
                unavailable = outcome.Failed.ToDictionary(kv => kv.Key, _ => $"could not be fetched from the FHIR server: {NotAvailable}");
            }
        }
        var drafts = DraftOrder.From(request.DraftOrders, request.Selections);
        // Card uuids derive from the hook instance within the calling client, so two EHRs can never share (or claim) a card.
        var cardNamespace = clientIssuer is null ? request.HookInstance : $"{clientIssuer}|{request.HookInstance}";
        var result = evaluator.Evaluate(resources, request.PatientId, now, service.Kind, cardNamespace,
            drafts, rejected, medicationListKnown: !unavailable.ContainsKey("medications"));
        var cards = result.Cards.ToList();
        if (unavailable.Count > 0)
            cards.Add(InputProblemCards.MissingData(cardNamespace, unavailable));
        return new CdsHookOutcome(new CdsHooksResponse(cards, []), result, unavailable.Count);
    }
}
