using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using BoneCds.Api.Telemetry;
using Polly;

namespace BoneCds.Api.FhirServer;

public static class FhirClientSetup
{
    /// <summary>
    /// The "fhir" HttpClient: no redirects (the bearer token must not travel to another host), and a Polly pipeline per
    /// FHIR server authority: retry (exponential, jitter, Retry-After) around a circuit breaker around a per-attempt timeout.
    /// The overall deadline is the caller's (FhirFetchOptions.TotalTimeoutSeconds).
    /// </summary>
    public static IServiceCollection AddFhirServerClient(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<FhirFetchOptions>().BindConfiguration("FhirFetch")
            .Validate(o => o.MaxResponseBytes > 0 && o.TotalTimeoutSeconds > 0 && o.AttemptTimeoutSeconds > 0 && o.MaxPages > 0
                && o.MaxRetries >= 0 && o.BreakerMinimumThroughput >= 2 && o.BreakerFailureRatio is > 0 and <= 1,
                "FhirFetch limits must be positive (and BreakerMinimumThroughput at least 2)")
            .ValidateOnStart();
        services.AddSingleton<FhirServerPolicy>();
        services.AddSingleton<FhirPrefetchFetcher>();
        services.AddHttpClient(FhirPrefetchFetcher.ClientName, (sp, c) =>
            {
                c.Timeout = Timeout.InfiniteTimeSpan;
                c.MaxResponseContentBufferSize = sp.GetRequiredService<IOptions<FhirFetchOptions>>().Value.MaxResponseBytes;
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = InternalAddressFilter.ConnectCallback(sp.GetRequiredService<FhirServerPolicy>().MayResolveInternally),
            })
            .AddResilienceHandler("fhir-pipeline", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<FhirFetchOptions>>().Value;
                if (o.MaxRetries > 0) // Polly refuses a retry strategy with no retries
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = o.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromSeconds(o.RetryBaseDelaySeconds),
                    ShouldRetryAfterHeader = true,
                });
                var metrics = context.ServiceProvider.GetService<BoneCdsMetrics>();
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    OnOpened = _ => Transition(metrics, "opened"),
                    OnClosed = _ => Transition(metrics, "closed"),
                    OnHalfOpened = _ => Transition(metrics, "half_opened"),
                    FailureRatio = o.BreakerFailureRatio,
                    MinimumThroughput = o.BreakerMinimumThroughput,
                    SamplingDuration = TimeSpan.FromSeconds(o.BreakerSamplingSeconds),
                    BreakDuration = TimeSpan.FromSeconds(o.BreakerBreakSeconds),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(o.AttemptTimeoutSeconds));
            })
            // One pipeline (and breaker) per configured FHIR server base: a bounded set, never one per caller-chosen host (M4).
            .SelectPipelineBy(_ => request => request.Options.TryGetValue(FhirPrefetchFetcher.PipelineKey, out var key)
            ? key : "unconfigured");
        return services;
    }

    private static ValueTask Transition(BoneCdsMetrics? metrics, string state)
    {
        metrics?.BreakerTransitions.Add(1, new KeyValuePair<string, object?>("state", state));
        return ValueTask.CompletedTask;
    }
}
