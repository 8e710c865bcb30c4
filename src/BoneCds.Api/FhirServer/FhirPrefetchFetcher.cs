using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using BoneCds.Rules.Fhir;
using BoneCds.Rules.Inputs;
using BoneCds.Api.Telemetry;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.FhirServer;

public sealed record FetchOutcome(IReadOnlyList<Resource> Resources, IReadOnlyList<RejectedInput> Rejected, IReadOnlyDictionary<string,
    string> Failed);

/// <summary>
/// Fetches missing prefetch keys from the EHR's FHIR server through the resilient "fhir" HttpClient (retries with jitter,
/// Retry-After, per-attempt timeout, circuit breaker per server). The token goes only to the fhirServer's own origin:
/// redirects are not followed and next links outside the fhirServer base URL are refused.
/// </summary>
public sealed class FhirPrefetchFetcher(IHttpClientFactory http, IOptions<FhirFetchOptions> options, ILogger<FhirPrefetchFetcher> log,
    BoneCdsMetrics? metrics = null)
{
    public const string ClientName = "fhir";

    /// <summary>Which resilience pipeline a request belongs to: its configured FHIR server base.</summary>
    public static readonly HttpRequestOptionsKey<string> PipelineKey = new("bonecds.fhir-server");

    /// <summary>Fetches each missing key from its template, every page (bounded), within the overall deadline.</summary>
    public Task<FetchOutcome> FetchAsync(FhirServerGrant server, string? accessToken, string patientId,
        IEnumerable<(string Key, string Template)> missing, CancellationToken ct)
    {
        var baseUri = BaseOf(server);
        return FetchPagesAsync(server, accessToken, missing.Select(m => (m.Key, new Uri(baseUri, m.Template.Replace(
            "{{context.patientId}}", Uri.EscapeDataString(patientId), StringComparison.Ordinal)), options.Value.MaxPages)), ct);
    }

    /// <summary>
    /// The rest of prefetched searchsets that came as a first page: their next links, followed up to the remaining page bound
    /// (v3 "A first page is not the whole record").
    /// </summary>
    public Task<FetchOutcome> FetchRemainingPagesAsync(FhirServerGrant server, string? accessToken,
        IReadOnlyDictionary<string, string> nextLinks, CancellationToken ct)
    {
        var baseUri = BaseOf(server);
        return FetchPagesAsync(server, accessToken, nextLinks.Select(n => (n.Key,
            // "/fhir/Observation?page=2" is a path here, not a file URI (as Uri would read it on Unix).
            Uri.TryCreate(n.Value, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
                ? absolute : new Uri(baseUri, n.Value),
            Math.Max(1, options.Value.MaxPages - 1))), ct);
    }

    private static Uri BaseOf(FhirServerGrant server) => new(server.Server.ToString().TrimEnd('/') + "/");

    private async Task<FetchOutcome> FetchPagesAsync(FhirServerGrant server, string? accessToken,
        IEnumerable<(string Key, Uri First, int MaxPages)> keys, CancellationToken ct)
    {
        var o = options.Value;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(o.TotalTimeoutSeconds));
        var baseUri = BaseOf(server);

        var tasks = keys.Select(async m =>
        {
            try
            {
                return (m.Key, Result: await FetchAllPages(m.First, baseUri, server.PipelineKey, accessToken, m.Key,
                    m.MaxPages, deadline.Token), Failure: (FetchFailed?)null);
            }
            catch (Exception e) when (Failure(e, ct, o) is { } failure) { return (m.Key, Result: (Parsed?)null, Failure: failure); }
        }).ToList();

        var results = await System.Threading.Tasks.Task.WhenAll(tasks);
        var resources = new List<Resource>();
        var rejected = new List<RejectedInput>();
        var failed = new Dictionary<string, string>();
        foreach (var (key, result, failure) in results)
        {
            if (result is null) { failed[key] = failure!.Message; continue; }
            resources.AddRange(result.Resources);
            rejected.AddRange(result.Rejected);
        }
        // Outcome only: the server, patient and values are not logged.
        log.LogInformation("FHIR fetch for {KeyCount} prefetch keys: {FailedCount} failed ({FailedKeys})",
            results.Length, failed.Count, failed.Keys.ToArray());
        foreach (var (key, reason) in failed)
            log.LogWarning("FHIR fetch of prefetch key {Key} failed: {Reason}", key, reason);
        foreach (var (_, _, failure) in results)
            metrics?.FhirFetches.Add(1, new KeyValuePair<string, object?>("outcome", failure?.Outcome ?? "ok"));
        return new FetchOutcome(resources, rejected, failed);
    }

    /// <summary>
    /// Why a key could not be fetched, with its bounded outcome tag set where the failure is known (never read back from the
    /// text, which can hold the EHR's own words); null for an exception that is not a fetch failure.
    /// </summary>
    private static FetchFailed? Failure(Exception e, CancellationToken ct, FhirFetchOptions o) => e switch
    {
        OperationCanceledException when !ct.IsCancellationRequested =>
            new($"no answer within {o.TotalTimeoutSeconds:0.#} s", "timeout"),
        FetchFailed failed => failed,
        Polly.CircuitBreaker.BrokenCircuitException => new("FHIR server circuit is open after repeated failures", "circuit_open"),
        HttpRequestException http => new($"network error ({http.HttpRequestError})", "network"),
        Polly.Timeout.TimeoutRejectedException => new("FHIR server timed out", "timeout"),
        // A page whose next link or Bundle shell cannot be read fails this key, never the hook (review L1).
        _ when e is UriFormatException || FhirReadGuard.IsModelMisfit(e) => new($"unreadable FHIR page ({e.GetType().Name})", "unreadable"),
        _ => null,
    };

    private sealed record Parsed(List<Resource> Resources, List<RejectedInput> Rejected);
    /// <param name="message">Why, for the log (the card only says the data is not available): never the EHR's own text.</param>
    /// <param name="outcome">The metric's tag: timeout, circuit_open, network, http_error, operation_outcome or unreadable.</param>
    private sealed class FetchFailed(string message, string outcome) : Exception(message)
    {
        public string Outcome => outcome;
    }

    private async Task<Parsed> FetchAllPages(Uri first, Uri baseUri, string pipelineKey, string? token, string key, int maxPages,
        CancellationToken ct)
    {
        var parsed = new Parsed([], []);
        Uri? next = first;
        for (var page = 0; next is not null && page < maxPages; page++)
        {
            // The EHR's token goes only below its fhirServer: never to another server, nor elsewhere on it (review L7).
            if (!FhirServerPolicy.IsUnder(next, baseUri))
                throw new FetchFailed("a next link pointed outside the fhirServer base URL; not followed", "unreadable");
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
            request.Options.Set(PipelineKey, pipelineKey);
            if (!string.IsNullOrEmpty(token)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            if (!response.IsSuccessStatusCode) throw new FetchFailed($"FHIR server answered {(int)response.StatusCode}", "http_error");
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            ParsedResource resource;
            try { resource = FhirResourceParser.Parse(body, $"fetched {key}"); }
            catch (FhirInputException) { throw new FetchFailed("the page is not a readable FHIR resource", "unreadable"); }
            if (PrefetchFailure.ForLog(resource.Resource) is { } failure) throw new FetchFailed(failure, "operation_outcome");
            parsed.Resources.Add(resource.Resource);
            parsed.Rejected.AddRange(resource.RejectedEntries);
            next = resource.Resource is Bundle b && b.NextLink is { } link ? (link.IsAbsoluteUri ? link : new Uri(baseUri, link)) : null;
        }
        return parsed;
    }
}
