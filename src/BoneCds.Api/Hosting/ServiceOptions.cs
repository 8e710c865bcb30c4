namespace BoneCds.Api.Hosting;

/// <summary>Host settings (section "Service").</summary>
public sealed class ServiceOptions
{
    /// <summary>Largest accepted request body. A 500-observation prefetch is about 0.5 MB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>A request still running after this is answered 408 (a stalled body, a stuck fetch).</summary>
    public double RequestTimeoutSeconds { get; set; } = 15;

    /// <summary>A body arriving slower than this (after a 5 s grace) is dropped by Kestrel.</summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 1024;

    public long MaxConcurrentConnections { get; set; } = 1000;

    /// <summary>How long a parsed prefetch is kept for the order-sign that follows its order-select (0: not kept).</summary>
    public int PrefetchCacheSeconds { get; set; } = 120;

    /// <summary>Upper bound on the memory the parsed-prefetch cache may hold (estimated).</summary>
    public long PrefetchCacheBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Swagger UI and /examples in Production (they are on elsewhere): integration environments may turn them on.</summary>
    public bool SwaggerInProduction { get; set; }
}
