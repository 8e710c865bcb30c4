using BoneCds.Api.FhirServer;
using BoneCds.Rules.Assessment;
using BoneCds.Rules.Cards;
using BoneCds.Api.Telemetry;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.CdsHooks;

/// <summary>A hook's cards and assessment, with the request they answer (patient, FHIR server, user: what remembered overrides
/// are keyed by).</summary>
public sealed record CdsHookOutcome(CdsHooksResponse Response, EvaluationResult Result, int UnavailableCount, CdsHookRequest Request);

/// <summary>
/// One CDS Hooks call from request bytes to response: parse and validate, fetch what the prefetch lacks, evaluate, build cards.
/// The endpoint and the benchmarks run this same code.
/// </summary>
public sealed class CdsHookPipeline(BoneHealthEvaluator evaluator, FhirPrefetchFetcher fetcher, FhirServerPolicy servers,
    IOptions<FhirFetchOptions> fetchOptions, ILogger<CdsHookPipeline> log, BoneCdsMetrics? metrics = null, PrefetchCache? prefetchCache =
        null)
{
    /// <summary>The prefetch keys of the observations: without them (all of them) the service answers 412.</summary>
    private const string AdministrationsKey = "administrations";

    private static readonly string[] ObservationKeys = Rules.Catalogue.PrefetchTemplates.All
        .Where(p => p.ResourceTypes.Contains("Observation")).Select(p => p.Key).ToArray();

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
        // v3: a medicationReference the input cannot resolve is read from the FHIR server when one may be used.
        var unresolved = request.FhirServer is not null && request.AccessToken is not null ? UnresolvedMedications(resources) : [];
        if ((unavailable.Count > 0 || firstPageOnly.Count > 0 || unresolved.Count > 0) && request.FhirServer is not null)
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
                if (unresolved.Count > 0)
                {
                    // Read like the rest of the prefetch: a Medication that cannot be read stays an unknown medication.
                    var medications = await fetcher.FetchRemainingPagesAsync(grant, request.AccessToken, unresolved, ct);
                    resources.AddRange(medications.Resources.OfType<Hl7.Fhir.Model.Medication>());
                }
                if (firstPageOnly.Count > 0)
                {
                    var rest = await fetcher.FetchRemainingPagesAsync(grant, request.AccessToken, firstPageOnly, ct);
                    resources.AddRange(rest.Resources);
                    rejected.AddRange(rest.Rejected);
                    firstPageOnly = firstPageOnly.Where(k => rest.Failed.ContainsKey(k.Key)).ToDictionary(k => k.Key, k => k.Value);
                }
            }
        }
        // CDS Hooks 2.0: without the patient's observations (never prefetched, not tried, not obtainable) the rules cannot run.
        if (ObservationKeys.All(k => unavailable.ContainsKey(k) && !request.PrefetchKeysTried.Contains(k)))
            throw Errors.RequestProblem.PreconditionFailed("The patient's observations were neither prefetched ("
                + string.Join(", ", ObservationKeys) + ") nor obtainable from the FHIR server: send them as prefetch, or send "
                + "fhirServer and fhirAuthorization.");
        // v3: a first page is not the whole record; said so, and a partial medication list is unknown for the safety rules.
        foreach (var key in firstPageOnly.Keys)
            partial[key] = "only its first page was available (the searchset has more pages): older results may be missing";
        var drafts = DraftOrder.From(request.DraftOrders, request.Selections);
        // Card uuids derive from the hook instance within the calling client, so two EHRs can never share (or claim) a card,
        // and from the patient, so a reused hookInstance can never join feedback (and a suppression) to another patient's card.
        var cardNamespace = (clientIssuer is null ? request.HookInstance : $"{clientIssuer}|{request.HookInstance}")
            + $"|patient:{request.PatientId}";
        var result = evaluator.Evaluate(resources, request.PatientId, now, service.Kind, cardNamespace,
            drafts, rejected, medicationListKnown: !unavailable.ContainsKey("medications") && !partial.ContainsKey("medications"));
        var cards = result.Cards.ToList();
        // v4: doses given change a card only for an injected drug on record (denosumab, zoledronic acid, romosozumab); for one, the
        // course is read from its orders and the card says the administrations were not available.
        if (unavailable.ContainsKey(AdministrationsKey) && !result.Assessment.Courses.Courses.Any(c => c.IsInjected))
            unavailable.Remove(AdministrationsKey);
        foreach (var (key, reason) in partial) unavailable[$"{key} (partial)"] = reason;
        if (unavailable.Count > 0)
            cards.Add(InputProblemCards.MissingData(cardNamespace, unavailable, otherCards: cards.Count > 0));
        return new CdsHookOutcome(new CdsHooksResponse(cards), result, unavailable.Count, request);
    }

    /// <summary>
    /// medicationReferences ("Medication/id") that nothing in the input resolves, keyed for the fetch log by position only
    /// (the id is the EHR's, not logged). Lean-read medications carry a concept, never a reference, so this walks little.
    /// </summary>
    private static Dictionary<string, string> UnresolvedMedications(List<Hl7.Fhir.Model.Resource> resources)
    {
        var entries = Rules.Fhir.BundleFlattener.Entries(resources, []).ToList();
        var references = new Rules.Fhir.BundleReferences(entries);
        var unresolved = new Dictionary<string, string>();
        foreach (var (resource, _) in entries)
        {
            (Hl7.Fhir.Model.DataType? Medication, List<Hl7.Fhir.Model.Resource> Contained) read;
            try
            {
                read = resource switch
                {
                    Hl7.Fhir.Model.MedicationRequest r when r is not Rules.Fhir.ILeanMedication => (r.Medication, r.Contained),
                    Hl7.Fhir.Model.MedicationStatement s when s is not Rules.Fhir.ILeanMedication => (s.Medication, s.Contained),
                    _ => (null, []),
                };
            }
            catch (Exception e) when (Rules.Fhir.FhirReadGuard.IsModelMisfit(e)) { continue; } // reported when the input is read
            var (medication, contained) = read;
            if (medication is Hl7.Fhir.Model.ResourceReference { Reference: { } target } && references.Resolve(target, contained) is null
                && Rules.Fhir.BundleReferences.TypeAndId(target) is ("Medication", var id) && unresolved.Count < 20)
                unresolved.TryAdd($"medicationReference {unresolved.Count + 1}", $"Medication/{Uri.EscapeDataString(id)}");
        }
        return unresolved;
    }

    private static FhirServerGrant? Refuse(string why, out string reason)
    {
        reason = why;
        return null;
    }
}
