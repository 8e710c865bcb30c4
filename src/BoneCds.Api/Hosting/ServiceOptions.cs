namespace BoneCds.Api.Hosting;

/// <summary>Host settings (section "Service").</summary>
public sealed class ServiceOptions
{
    /// <summary>Largest accepted request body. A 500-observation prefetch is about 0.5 MB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
}
