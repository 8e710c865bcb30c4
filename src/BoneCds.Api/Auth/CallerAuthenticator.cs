using System.Security.Cryptography;
using System.Text;
using BoneCds.Api.Feedback;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Auth;

/// <summary>
/// Who is calling: a CDS client by its signed JWT, or a caller by an API key. Used by the authentication handlers
/// (<see cref="CdsJwtAuthenticationHandler"/>, <see cref="ApiKeyAuthenticationHandler"/>); a refusal is logged with its
/// reason, sanitised, and the caller is told only that the credential was refused, unless Auth:DetailedErrors is on
/// (security review L3).
/// </summary>
public sealed class CallerAuthenticator(CdsTokenValidator validator, IOptionsMonitor<CdsAuthOptions> options,
    IOptionsMonitor<FeedbackOptions> feedback, ILogger<CallerAuthenticator> log, Telemetry.BoneCdsMetrics? metrics = null)
{
    /// <summary>The caller recorded when the development flag lets calls in without a credential.</summary>
    public const string DevelopmentCaller = "development";

    /// <summary>Key kinds: one from Auth:ApiKeys (the plain API) or from Feedback:SummaryApiKeys (the feedback summary).</summary>
    public const string ApiKind = "api", SummaryKind = "summary", JwtKind = "jwt";

    public bool Unauthenticated => options.CurrentValue.AllowUnauthenticated;

    /// <summary>The development flag opens the summary only while no summary key is configured.</summary>
    public bool SummaryOpen => Unauthenticated && feedback.CurrentValue.SummaryApiKeys.Count == 0;

    /// <summary>The audience a token for this request must carry: the configured public base URL plus the path, never a header.</summary>
    public string Audience(HttpRequest request) =>
        (options.CurrentValue.PublicBaseUrl?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}") + request.PathBase + request.Path;

    /// <summary>Everything <see cref="CdsTokenValidator"/> checks, against this request's audience.</summary>
    public Task<AuthResult> ValidateJwtAsync(HttpContext http) =>
        validator.ValidateAsync(http.Request.Headers.Authorization, Audience(http.Request), http.RequestAborted);

    /// <summary>The key's name and kind for the X-Api-Key sent, or null when it matches no configured key.</summary>
    public (string Name, string Kind)? MatchApiKey(HttpContext http)
    {
        var sentHash = SHA256.HashData(Encoding.UTF8.GetBytes(http.Request.Headers["X-Api-Key"].ToString()));
        (string, string)? match = null;
        // Every key is compared (fixed time, equal-length hashes), so neither timing nor length tells which one was close (L5).
        foreach (var key in options.CurrentValue.ApiKeys)
            if (Same(key.Key, sentHash)) match = (key.Name, ApiKind);
        var summaryKeys = feedback.CurrentValue.SummaryApiKeys;
        for (var i = 0; i < summaryKeys.Count; i++)
            if (Same(summaryKeys[i], sentHash)) match = ($"summary-key-{i + 1}", SummaryKind);
        return match;
    }

    private static bool Same(string key, byte[] sentHash) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), sentHash);

    /// <summary>Logs and counts a refused credential; returns the detail safe to tell the caller.</summary>
    public string Refuse(HttpContext http, AuthResult refusal, string credential)
    {
        var kind = refusal.Kind ?? AuthFailureKind.Malformed;
        var reason = refusal.Failure ?? "refused";
        // Sanitised: a reason can echo token header values, and a path anything, so no control characters reach the log.
        var clean = Telemetry.LogSafe.Text(reason);
        log.LogWarning("Refused {Credential} for {Path}: {Reason}", credential, Telemetry.LogSafe.Path(http), clean);
        metrics?.AuthFailures.Add(1, new KeyValuePair<string, object?>("reason", Telemetry.BoneCdsMetrics.AuthCategory(kind)));
        // A missing credential is said so (nothing to hide); why a sent one was refused stays in the log (review L3).
        return kind == AuthFailureKind.Missing && reason.StartsWith("missing", StringComparison.Ordinal)
            ? $"The {credential} is missing."
            : options.CurrentValue.DetailedErrors ? $"The {credential} was rejected: {clean}." : $"The {credential} was rejected.";
    }
}
