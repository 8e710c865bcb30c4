using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Auth;

/// <summary>
/// Who is calling: a CDS client by its signed JWT, or a plain-API caller by its key. Failures are logged with the reason,
/// sanitised; the caller is told only that the credential was refused, unless Auth:DetailedErrors is on (security review L3).
/// </summary>
public sealed class CallerAuthenticator(CdsTokenValidator validator, IOptionsMonitor<CdsAuthOptions> options,
    ILogger<CallerAuthenticator> log, Telemetry.BoneCdsMetrics? metrics = null)
{
    /// <summary>HttpContext item holding the authenticated caller (a client's issuer, or an API key's name).</summary>
    public const string CallerItem = "bonecds.caller";

    /// <summary>The caller recorded when the development flag lets calls in without a credential.</summary>
    public const string DevelopmentCaller = "development";

    public bool Unauthenticated => options.CurrentValue.AllowUnauthenticated;

    /// <summary>The audience a token for this request must carry: the configured public base URL plus the path, never a header.</summary>
    public string Audience(HttpRequest request) =>
        (options.CurrentValue.PublicBaseUrl?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}") + request.PathBase + request.Path;

    /// <summary>The client's issuer for a valid bearer JWT; otherwise a 401 problem.</summary>
    public async Task<string> RequireJwtAsync(HttpContext http)
    {
        var result = await validator.ValidateAsync(http.Request.Headers.Authorization, Audience(http.Request), http.RequestAborted);
        if (result.Ok) return result.Issuer!;
        throw Refused(http, result.Kind ?? AuthFailureKind.Malformed, result.Failure!, "bearer token");
    }

    /// <summary>The key's name for a valid X-Api-Key, or null when none was sent; a wrong key is a 401 problem.</summary>
    public string? ApiKeyCaller(HttpContext http)
    {
        var sent = http.Request.Headers["X-Api-Key"].ToString();
        if (sent.Length == 0) return null;
        var sentHash = SHA256.HashData(Encoding.UTF8.GetBytes(sent));
        string? match = null;
        // Every key is compared (fixed time, equal-length hashes), so neither timing nor length tells which one was close.
        foreach (var key in options.CurrentValue.ApiKeys)
            if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key.Key)), sentHash)) match = key.Name;
        return match ?? throw Refused(http, AuthFailureKind.ApiKey, "unknown API key", "API key");
    }

    private Errors.RequestProblem Refused(HttpContext http, AuthFailureKind kind, string reason, string credential)
    {
        // Sanitised: a reason can echo token header values, and a path anything, so no control characters reach the log.
        var clean = Telemetry.LogSafe.Text(reason);
        log.LogWarning("Refused {Credential} for {Path}: {Reason}", credential, Telemetry.LogSafe.Path(http), clean);
        metrics?.AuthFailures.Add(1, new KeyValuePair<string, object?>("reason", Telemetry.BoneCdsMetrics.AuthCategory(kind)));
        // A missing credential is said so (nothing to hide); why a sent one was refused stays in the log (review L3).
        return Errors.RequestProblem.Unauthorized(kind == AuthFailureKind.Missing && reason.Contains("missing", StringComparison.Ordinal)
            ? $"The {credential} is missing."
            : options.CurrentValue.DetailedErrors ? $"The {credential} was rejected: {clean}." : $"The {credential} was rejected.");
    }
}
