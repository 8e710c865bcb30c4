namespace BoneCds.Api.Hosting;

/// <summary>
/// "Now" for clinical judgements (staleness, token lifetimes). A type of its own so tests can fix it without also
/// freezing the resilience pipelines' timers, which use the system clock.
/// </summary>
public sealed class ClinicalTime(TimeProvider provider)
{
    public TimeProvider Provider => provider;
    public DateTimeOffset GetUtcNow() => provider.GetUtcNow();
}
