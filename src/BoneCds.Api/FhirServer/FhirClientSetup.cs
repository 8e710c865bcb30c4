using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
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
        services.Configure<FhirFetchOptions>(config.GetSection("FhirFetch"));
        services.AddSingleton<FhirPrefetchFetcher>();
        services.AddHttpClient(FhirPrefetchFetcher.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() =>
            new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddResilienceHandler("fhir-pipeline", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<FhirFetchOptions>>().Value;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = o.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromSeconds(o.RetryBaseDelaySeconds),
                    ShouldRetryAfterHeader = true,
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = o.BreakerFailureRatio,
                    MinimumThroughput = o.BreakerMinimumThroughput,
                    SamplingDuration = TimeSpan.FromSeconds(o.BreakerSamplingSeconds),
                    BreakDuration = TimeSpan.FromSeconds(o.BreakerBreakSeconds),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(o.AttemptTimeoutSeconds));
            })
            .SelectPipelineByAuthority();
        return services;
    }
}
