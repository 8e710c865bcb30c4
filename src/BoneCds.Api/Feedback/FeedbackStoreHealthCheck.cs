using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BoneCds.Api.Feedback;

/// <summary>Readiness: the feedback store answers (SQLite file or PostgreSQL server).</summary>
public sealed class FeedbackStoreHealthCheck(BoneCds.Api.Feedback.IFeedbackStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await store.PingAsync(ct);
            return HealthCheckResult.Healthy("feedback store reachable");
        }
        catch (Exception e) when (BoneCds.Api.Errors.BoneCdsExceptionHandler.IsStoreOutage(e) || e is InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"feedback store unreachable ({e.GetType().Name})");
        }
    }
}
