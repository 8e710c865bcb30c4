using BoneCds.Rules.Classification;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BoneCds.Api.Hosting;

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
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"feedback store unreachable ({e.GetType().Name})");
        }
    }
}

public static class RuleThresholdsValidator
{
    public static IReadOnlyList<string> Problems(RuleThresholds t)
    {
        var p = new List<string>();
        if (!(t.VitaminDSevereBelow < t.VitaminDDeficientBelow && t.VitaminDDeficientBelow < t.VitaminDInsufficientBelow
              && t.VitaminDInsufficientBelow <= t.VitaminDSufficientMax && t.VitaminDSufficientMax < t.VitaminDHighMax))
            p.Add("vitamin D thresholds must increase: severe < deficient < insufficient <= sufficient max < high max");
        if (!(t.TScoreOsteoporosisMax < t.TScoreNormalMin)) p.Add("T-score osteoporosis threshold must be below the normal threshold");
        if (!(t.PthLow < t.PthHigh)) p.Add("PTH reference range is inverted");
        if (!(t.CalciumLowBelow < t.CalciumHighAbove)) p.Add("calcium reference range is inverted");
        if (t.Staleness.VitaminDMonths <= 0 || t.Staleness.DxaMonths <= 0 || t.Staleness.PthCalciumOsteocalcinMonths <= 0)
            p.Add("staleness windows must be positive");
        return p;
    }
}
