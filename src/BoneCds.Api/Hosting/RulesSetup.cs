using BoneCds.Rules.Assessment;
using BoneCds.Rules.Classification;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Hosting;

public static class RulesSetup
{
    /// <summary>
    /// Thresholds are configuration with defaults (clinical-rules.md): section "Rules" overrides any of them, and incoherent
    /// values stop start-up with every problem named. Section "Service" holds the host limits.
    /// </summary>
    public static IServiceCollection AddBoneCdsRules(this IServiceCollection services)
    {
        services.AddOptions<RuleThresholds>().BindConfiguration("Rules").ValidateOnStart();
        services.AddSingleton<IValidateOptions<RuleThresholds>, RuleThresholdsOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RuleThresholds>>().Value);
        services.AddSingleton(sp => new BoneHealthEvaluator(sp.GetRequiredService<RuleThresholds>()));
        services.AddSingleton(new ClinicalTime(TimeProvider.System));

        services.AddOptions<ServiceOptions>().BindConfiguration("Service")
            .Validate(o => o.MaxRequestBodyBytes > 0, "Service:MaxRequestBodyBytes must be positive")
            .Validate(o => o.RequestTimeoutSeconds > 0 && o.MinRequestBodyBytesPerSecond > 0 && o.MaxConcurrentConnections > 0
                && o.PrefetchCacheSeconds >= 0 && o.PrefetchCacheBytes > 0,
                "Service request limits must be positive")
            .ValidateOnStart();
        // Kestrel's own body limit follows the bound option, read once.
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(sp => new ConfigureOptions<KestrelServerOptions>(
            k => k.Limits.MaxRequestBodySize = sp.GetRequiredService<IOptions<ServiceOptions>>().Value.MaxRequestBodyBytes));
        return services;
    }

    /// <summary>Names every threshold problem in the start-up failure, not only that there was one.</summary>
    private sealed class RuleThresholdsOptionsValidator : IValidateOptions<RuleThresholds>
    {
        public ValidateOptionsResult Validate(string? name, RuleThresholds options) =>
            RuleThresholdsValidator.Problems(options) is { Count: > 0 } problems
                ? ValidateOptionsResult.Fail("Invalid rule thresholds in configuration: " + string.Join("; ", problems))
                : ValidateOptionsResult.Success;
    }
}
