namespace BoneCds.Api.Hosting;

/// <summary>
/// CORS only where browsers need it (security review M1): browser-based EHRs and the CDS Hooks sandbox call /cds-services
/// from another origin, with bearer tokens and never cookies. The plain API and the rest are not CORS-open.
/// Origins come from Cors:AllowedOrigins ("*" by default, for the public sandbox; list the EHR origins in production).
/// </summary>
public static class CorsSetup
{
    public const string CdsClients = "cds-clients";

    public static IServiceCollection AddBoneCdsCors(this IServiceCollection services, IConfiguration config)
    {
        var origins = config.GetSection("Cors:AllowedOrigins").Get<string[]>() is { Length: > 0 } configured ? configured : ["*"];
        services.AddCors(o => o.AddPolicy(CdsClients, policy =>
        {
            if (origins.Contains("*")) policy.AllowAnyOrigin();
            else policy.WithOrigins(origins);
            policy.WithHeaders("Authorization", "Content-Type").WithMethods("GET", "POST");
        }));
        return services;
    }
}
