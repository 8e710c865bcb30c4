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
/// redirects are not followed and next links to another origin are refused.
/// </summary>
public sealed class FhirPrefetchFetcher(IHttpClientFactory http, IOptions<FhirFetchOptions> options, ILogger<FhirPrefetchFetcher> log,
    BoneCdsMetrics? metrics = null)
{
    public const string ClientName = "fhir";

    /// <summary>Which resilience pipeline a request belongs to: its configured FHIR server base.</summary>
    public static readonly HttpRequestOptionsKey<string> PipelineKey = new("bonecds.fhir-server");

    public async Task<FetchOutcome> FetchAsync(FhirServerGrant server, string? accessToken, string patientId,
        IEnumerable<(string Key, string Template)> missing, CancellationToken ct)
    {
        var o = options.Value;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(o.TotalTimeoutSeconds));
        var baseUri = new Uri(server.Server.ToString().TrimEnd('/') + "/");

        var tasks = missing.Select(async m =>
        {
            var query = m.Template.Replace("{{context.patientId}}", Uri.EscapeDataString(patientId), StringComparison.Ordinal);
            try { return (m.Key, Result: await FetchAllPages(new Uri(baseUri, query), baseUri, server.PipelineKey, accessToken, m.Key,
                o.MaxPages, deadline.Token), Error: (string?)null); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return (m.Key, Result: (Parsed?)null,
                Error: $"no answer within {o.TotalTimeoutSeconds:0.#} s"); }
            catch (FetchFailed e) { return (m.Key, Result: (Parsed?)null, Error: e.Message); }
            catch (Polly.CircuitBreaker.BrokenCircuitException) { return (m.Key, Result: (Parsed?)null,
                Error: "FHIR server circuit is open after repeated failures"); }
            catch (HttpRequestException e) { return (m.Key, Result: (Parsed?)null, Error: $"network error ({e.HttpRequestError})"); }
            catch (Polly.Timeout.TimeoutRejectedException) { return (m.Key, Result: (Parsed?)null, Error: "FHIR server timed out"); }
            // A page whose next link or Bundle shell cannot be read fails this key, never the hook (review L1).
            catch (Exception e) when (e is UriFormatException || FhirReadGuard.IsModelMisfit(e))
            {
                return (m.Key, Result: (Parsed?)null, Error: $"unreadable FHIR page ({e.GetType().Name})");
            }
        }).ToList();

        var results = await System.Threading.Tasks.Task.WhenAll(tasks);
        var resources = new List<Resource>();
        var rejected = new List<RejectedInput>();
        var failed = new Dictionary<string, string>();
        foreach (var (key, result, error) in results)
        {
            if (result is null) { failed[key] = error!; continue; }
            resources.AddRange(result.Resources);
            rejected.AddRange(result.Rejected);
        }
        // Outcome only: the server, patient and values are not logged.
        log.LogInformation("FHIR fetch for {KeyCount} missing prefetch keys: {FailedCount} failed ({FailedKeys})",
            results.Length, failed.Count, failed.Keys.ToArray());
        foreach (var (key, reason) in failed)
            log.LogWarning("FHIR fetch of prefetch key {Key} failed: {Reason}", key, reason);
        foreach (var (key, _, error) in results)
            metrics?.FhirFetches.Add(1, new KeyValuePair<string, object?>("outcome", error is null ? "ok" : OutcomeCategory(error)));
        return new FetchOutcome(resources, rejected, failed);
    }

    /// <summary>A bounded outcome tag for a failed fetch.</summary>
    private static string OutcomeCategory(string error) => error switch
    {
        _ when error.Contains("circuit", StringComparison.Ordinal) => "circuit_open",
        _ when error.Contains("no answer within", StringComparison.Ordinal) || error.Contains("timed out", StringComparison.Ordinal) =>
            "timeout",
        _ when error.Contains("network", StringComparison.Ordinal) => "network",
        _ when error.Contains("answered", StringComparison.Ordinal) => "http_error",
        _ when error.Contains("OperationOutcome", StringComparison.Ordinal) => "operation_outcome",
        _ => "unreadable",
    };

    private sealed record Parsed(List<Resource> Resources, List<RejectedInput> Rejected);
    private sealed class FetchFailed(string message) : Exception(message);

    private async Task<Parsed> FetchAllPages(Uri first, Uri baseUri, string pipelineKey, string? token, string key, int maxPages,
        CancellationToken ct)
    {
        var parsed = new Parsed([], []);
        Uri? next = first;
        for (var page = 0; next is not null && page < maxPages; page++)
        {
            if (!SameOrigin(next, baseUri)) throw new FetchFailed("a next link pointed to another server; not followed");
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
            request.Options.Set(PipelineKey, pipelineKey);
            if (!string.IsNullOrEmpty(token)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            if (!response.IsSuccessStatusCode) throw new FetchFailed($"FHIR server answered {(int)response.StatusCode}");
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            ParsedResource resource;
            try { resource = FhirResourceParser.Parse(body, $"fetched {key}"); }
            catch (FhirInputException e) { throw new FetchFailed(e.Message); }
            if (PrefetchFailure.Of(resource.Resource) is { } failure) throw new FetchFailed(failure);
            parsed.Resources.Add(resource.Resource);
            parsed.Rejected.AddRange(resource.RejectedEntries);
            next = resource.Resource is Bundle b && b.NextLink is { } link ? (link.IsAbsoluteUri ? link : new Uri(baseUri, link)) : null;
        }
        return parsed;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;
}
