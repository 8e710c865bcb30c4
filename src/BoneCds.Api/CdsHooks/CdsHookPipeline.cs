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
        var firstPageOnly = request.PrefetchNextLinks.ToDictionary(k => k.Key, k => k.Value);
        var partial = new Dictionary<string, string>();
        if ((unavailable.Count > 0 || firstPageOnly.Count > 0) && request.FhirServer is not null)
        {
            // CDS Hooks 2.0: the FHIR server is used only when the client sent both fhirServer and fhirAuthorization.
            var refusal = "fetching is disabled";
            var grant = !fetchOptions.Value.Enabled ? null
                : request.AccessToken is null ? Refuse("no fhirAuthorization was sent", out refusal)
                : servers.Check(request.FhirServer, clientIssuer, out refusal);
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
                if (firstPageOnly.Count > 0)
                {
                    var rest = await fetcher.FetchRemainingPagesAsync(grant, request.AccessToken, firstPageOnly, ct);
                    resources.AddRange(rest.Resources);
                    rejected.AddRange(rest.Rejected);
                    firstPageOnly = firstPageOnly.Where(k => rest.Failed.ContainsKey(k.Key)).ToDictionary(k => k.Key, k => k.Value);
                }
            }
        }
        // v3: a first page is not the whole record; said so, and a partial medication list is unknown for the safety rules.
        foreach (var key in firstPageOnly.Keys)
            partial[key] = "only its first page was available (the searchset has more pages): older results may be missing";
        var drafts = DraftOrder.From(request.DraftOrders, request.Selections);
        // Card uuids derive from the hook instance within the calling client, so two EHRs can never share (or claim) a card.
        var cardNamespace = clientIssuer is null ? request.HookInstance : $"{clientIssuer}|{request.HookInstance}";
        var result = evaluator.Evaluate(resources, request.PatientId, now, service.Kind, cardNamespace,
            drafts, rejected, medicationListKnown: !unavailable.ContainsKey("medications") && !partial.ContainsKey("medications"));
        var cards = result.Cards.ToList();
        foreach (var (key, reason) in partial) unavailable[$"{key} (partial)"] = reason;
        if (unavailable.Count > 0)
            cards.Add(InputProblemCards.MissingData(cardNamespace, unavailable, otherCards: cards.Count > 0));
        return new CdsHookOutcome(new CdsHooksResponse(cards, []), result, unavailable.Count);
    }

    private static FhirServerGrant? Refuse(string why, out string reason)
    {
        reason = why;
        return null;
    }
}
