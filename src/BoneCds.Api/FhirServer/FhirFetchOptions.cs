namespace BoneCds.Api.FhirServer;

/// <summary>Section "FhirFetch": fetching prefetch data the EHR did not send, from its FHIR server.</summary>
public sealed class FhirFetchOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>The whole fetch, all keys and pages, must finish within this; then the hook answers with what it has.</summary>
    public double TotalTimeoutSeconds { get; set; } = 4;
    public double AttemptTimeoutSeconds { get; set; } = 1.5;
    public int MaxRetries { get; set; } = 2;
    public double RetryBaseDelaySeconds { get; set; } = 0.2;
    /// <summary>Circuit breaker per FHIR server: open after this failure ratio over the sampling window (at least MinimumThroughput
    /// calls).</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;
    public int BreakerMinimumThroughput { get; set; } = 4;
    public double BreakerSamplingSeconds { get; set; } = 30;
    public double BreakerBreakSeconds { get; set; } = 15;
    /// <summary>Searchset next links followed at most.</summary>
    public int MaxPages { get; set; } = 5;
    /// <summary>
    /// Development only (refused at start elsewhere): a registered fhirServer on loopback may be plain http and resolve to
    /// loopback. It never opens a server that is not registered (security review 2026-12-01, L7).
    /// </summary>
    public bool AllowHttpLoopback { get; set; }
    /// <summary>Largest FHIR response read, per page (security review M3).</summary>
    public long MaxResponseBytes { get; set; } = 8 * 1024 * 1024;
    /// <summary>
    /// Host names of registered FHIR servers that are internal on purpose and may resolve to private addresses; every other
    /// host is refused at connect time when it resolves to loopback, private, link-local, multicast or unspecified addresses.
    /// </summary>
    public List<string> PrivateNetworkHosts { get; set; } = [];
}
