using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Auth;

/// <summary>
/// ASP.NET Core authentication for the two kinds of caller: a CDS client's signed JWT (everything <see cref="CdsTokenValidator"/>
/// checks: JWKS per client, jku allow-list, aud, exp, iat, lifetime, jti replay) and an API key. Both put the caller in the
/// <see cref="CallerClaim"/> claim and its kind in <see cref="KindClaim"/>; a refused credential is kept for
/// <see cref="RefusalResultHandler"/>, which answers the one generic 401.
/// </summary>
public static class CallerSchemes
{
    public const string Jwt = "CdsClientJwt";
    public const string ApiKey = "ApiKey";

    /// <summary>The caller: a client's issuer or an API key's name.</summary>
    public const string CallerClaim = "bonecds:caller";

    /// <summary>How the caller proved it: <see cref="CallerAuthenticator.JwtKind"/>, ApiKind or SummaryKind.</summary>
    public const string KindClaim = "bonecds:caller-kind";

    /// <summary>HttpContext item holding a credential that was sent and refused (an <see cref="AuthResult"/> and its name).</summary>
    internal const string RefusalItem = "bonecds.auth-refusal";

    /// <summary>The authenticated caller, or null when the development flag let the call in without one.</summary>
    public static string? AuthenticatedCaller(this HttpContext http) => http.User.FindFirst(CallerClaim)?.Value;

    /// <summary>The authenticated caller, or <see cref="CallerAuthenticator.DevelopmentCaller"/>.</summary>
    public static string Caller(this HttpContext http) => http.AuthenticatedCaller() ?? CallerAuthenticator.DevelopmentCaller;

    internal static AuthenticateResult Success(string scheme, string caller, string kind) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(CallerClaim, caller), new Claim(KindClaim, kind)], scheme)), scheme));

    internal static AuthenticateResult Refused(HttpContext http, AuthResult refusal, string credential)
    {
        http.Items[RefusalItem] = (refusal, credential);
        return AuthenticateResult.Fail(refusal.Failure ?? "refused");
    }
}

/// <summary>The EHR's bearer JWT (CDS Hooks 2.0 "Trusting CDS Clients"); no Authorization header is no result, not a failure.</summary>
public sealed class CdsJwtAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, CallerAuthenticator authenticator) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.Authorization.Count == 0) return AuthenticateResult.NoResult();
        var result = await authenticator.ValidateJwtAsync(Context);
        return result.Ok
            ? CallerSchemes.Success(Scheme.Name, result.Issuer!, CallerAuthenticator.JwtKind)
            : CallerSchemes.Refused(Context, result, "bearer token");
    }
}

/// <summary>An X-Api-Key from Auth:ApiKeys or Feedback:SummaryApiKeys; which list it came from is its kind.</summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, CallerAuthenticator authenticator) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(
        Request.Headers["X-Api-Key"].ToString().Length == 0 ? AuthenticateResult.NoResult()
        : authenticator.MatchApiKey(Context) is { } match ? CallerSchemes.Success(Scheme.Name, match.Name, match.Kind)
        : CallerSchemes.Refused(Context, AuthResult.Fail(AuthFailureKind.ApiKey, "unknown API key"), "API key"));
}
