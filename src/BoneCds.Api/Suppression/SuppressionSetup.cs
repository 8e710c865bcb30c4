namespace BoneCds.Api.Suppression;

public static class SuppressionSetup
{
    /// <summary>Section "Suppression": remembered overrides (docs/suppression.md).</summary>
    public static IServiceCollection AddSuppression(this IServiceCollection services)
    {
        services.AddOptions<SuppressionOptions>().BindConfiguration("Suppression")
            .Validate(o => o.AddressedDays is >= 0 and <= 3650 && o.IneligibleDays is >= 0 and <= 3650
                    && o.PreferenceDays is >= 0 and <= 3650 && o.WorkflowHours is >= 0 and <= 24 * 30
                    && o.NothingSuppressedCacheSeconds is >= 0 and <= 30,
                "Suppression durations must be between 0 and 3650 days (WorkflowHours: 0 to 720; NothingSuppressedCacheSeconds: 0 to 30)")
            .Validate(o => o.Keys.All(k => k.Id.Length is > 0 and <= 16 && !k.Id.Contains(':') && k.Key.Length >= 32
                    && !Hosting.PlaceholderSecret.Is(k.Key)),
                "Suppression:Keys need an Id (1-16 characters, no ':') and a Key of 32+ characters from a Secret")
            .Validate(o => o.Keys.Select(k => k.Id).Distinct().Count() == o.Keys.Count, "Suppression:Keys ids must be unique")
            .ValidateOnStart();
        services.AddSingleton<PatientKeyring>();
        services.AddSingleton<SuppressionService>();
        return services;
    }
}
