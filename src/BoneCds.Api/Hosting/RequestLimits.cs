using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Hosting;

/// <summary>
/// Slow or stalled clients cannot pin memory or threads: every request has a time limit (408 when it runs out), Kestrel
/// drops a body that arrives slower than its minimum data rate, and connections are capped.
/// </summary>
public static class RequestLimits
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddRequestTimeouts();
        services.AddSingleton<IConfigureOptions<RequestTimeoutOptions>>(sp => new ConfigureOptions<RequestTimeoutOptions>(o =>
        {
            var service = sp.GetRequiredService<IOptions<ServiceOptions>>().Value;
            o.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = TimeSpan.FromSeconds(service.RequestTimeoutSeconds),
                TimeoutStatusCode = StatusCodes.Status408RequestTimeout,
            };
        }));
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(sp => new ConfigureOptions<KestrelServerOptions>(k =>
        {
            var service = sp.GetRequiredService<IOptions<ServiceOptions>>().Value;
            k.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: service.MinRequestBodyBytesPerSecond,
                gracePeriod: TimeSpan.FromSeconds(5));
            k.Limits.MaxConcurrentConnections = service.MaxConcurrentConnections;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
        }));
        return services;
    }
}
