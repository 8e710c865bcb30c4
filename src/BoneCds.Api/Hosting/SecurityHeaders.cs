namespace BoneCds.Api.Hosting;

/// <summary>
/// Response headers for a service that answers with patient data (security review L4): no MIME sniffing anywhere, no
/// framing, and no caching of hook, assessment or feedback answers by browsers or proxies.
/// </summary>
public static class SecurityHeaders
{
    private static readonly string[] PatientDataPaths = ["/cds-services/", "/api/"];

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                // The trend page (/app) may be framed by an EHR: its CSP frame-ancestors governs that (SmartApp/SmartAppSetup.cs).
                if (!http.Request.Path.StartsWithSegments(SmartApp.SmartAppSetup.PagePath)) headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                if (PatientDataPaths.Any(p => http.Request.Path.StartsWithSegments(p.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
                    headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}
