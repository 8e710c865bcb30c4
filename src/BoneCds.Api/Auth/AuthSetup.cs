namespace BoneCds.Api.Auth;

public static class AuthSetup
{
    /// <summary>Section "Auth": CDS clients' signed JWTs (CDS Hooks 2.0 "Trusting CDS Clients").</summary>
    public static IServiceCollection AddCdsAuth(this IServiceCollection services)
    {
        services.AddOptions<CdsAuthOptions>().BindConfiguration("Auth").ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<CdsAuthOptions>, CdsAuthOptionsValidator>();
        services.AddSingleton<CallerAuthenticator>();
        // Key sets are small: no redirects, and a size cap (security review L8).
        services.AddHttpClient(JwksCache.ClientName, c =>
            {
                c.Timeout = TimeSpan.FromSeconds(5);
                c.MaxResponseContentBufferSize = 256 * 1024;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<JwksCache>();
        services.AddSingleton<ReplayCache>();
        services.AddSingleton<CdsTokenValidator>();
        services.AddCallerPolicies();
        return services;
    }

    /// <summary>The development flag is loud: a forgotten one must be seen in the first lines of the log.</summary>
    public static void WarnIfUnauthenticated(this WebApplication app)
    {
        if (string.IsNullOrWhiteSpace(app.Configuration["Auth:PublicBaseUrl"])
            && !app.Configuration.GetValue("Auth:AllowUnauthenticated", false))
            app.Logger.LogWarning("Auth:PublicBaseUrl is not set: token audiences are checked against the request's own host. "
                + "Set it to the public URL of this service (required in Production).");
        if (app.Configuration.GetValue("Auth:AllowUnauthenticated", false))
            app.Logger.LogWarning("!!! Auth:AllowUnauthenticated is ON: CDS service calls are accepted WITHOUT a token. "
                + "Development use only; never in production. !!!");
    }
}
