using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BoneCds.Api.Hosting;

public static class HealthEndpoints
{
    /// <summary>
    /// Liveness answers while the process runs. Readiness means "can answer hooks": the checks tagged "ready" plus the
    /// feedback store, which can only make it Degraded (200), never take the pod out of the Service (M7).
    /// /health/store reports the store on its own (503 when it is down), for dashboards and alerts.
    /// </summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready") || c.Tags.Contains("store"),
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status200OK },
        });
        app.MapHealthChecks("/health/store", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("store"),
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
        });
    }
}
