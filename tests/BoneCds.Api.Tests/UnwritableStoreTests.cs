using System.Net;

namespace BoneCds.Api.Tests;

/// <summary>
/// A feedback location the service cannot write: one clear log line at start-up, hooks still answered, the store reported
/// unhealthy and feedback answered 503, never a host that dies with a stack trace.
/// </summary>
public class UnwritableStoreTests
{
    private sealed class UnwritableFactory : ApiFactory
    {
        // /proc is never writable, whoever runs the tests (root included).
        public UnwritableFactory() => FeedbackDb = "/proc/bonecds-test/feedback.db";
    }

    [Fact]
    public async Task An_unwritable_feedback_location_is_one_log_line_and_hooks_are_still_answered()
    {
        using var factory = new UnwritableFactory();
        var client = factory.CreateClient();
        var hook = await client.PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json(ApiFactory.Fixture("patient-view.json")));
        Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        Assert.Single(factory.Logs.Lines, l => l.Contains("Feedback store unavailable at start-up", StringComparison.Ordinal)
            && l.Contains("not writable", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Contains("   at ", StringComparison.Ordinal)); // no stack trace
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);   // degraded, still ready
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/health/store")).StatusCode);
        var feedback = await client.PostAsync("/cds-services/bone-health-patient-view/feedback", ApiFactory.Json(
            """{"feedback":[{"card":"3f2b1c9e-1a2b-4c3d-8e9f-0a1b2c3d4e5f","outcome":"overridden","outcomeTimestamp":"2026-11-25T12:00:00Z"}]}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, feedback.StatusCode);
    }
}
