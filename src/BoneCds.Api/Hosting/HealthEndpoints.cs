using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace BoneCds.Api.Hosting;

public static class HealthEndpoints
{
    /// <summary>Liveness answers while the process runs; readiness runs the checks tagged "ready".</summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
    }
}
