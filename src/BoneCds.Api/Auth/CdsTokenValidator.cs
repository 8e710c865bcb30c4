using BoneCds.Api.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BoneCds.Api.Auth;

/// <summary>
/// A credential's check: the caller, or why it was refused, with <c>Kind</c> the category set where it was refused (the metric
/// label reads it, never the reason text, which can echo a token's own header values).
/// </summary>
public sealed record AuthResult(bool Ok, string? Failure, string? Issuer, AuthFailureKind? Kind = null)
{
    public static AuthResult Fail(AuthFailureKind kind, string why) => new(false, why, null, kind);
}

public enum AuthFailureKind { Missing, Malformed, Signature, Issuer, Key, Audience, Lifetime, Replay, ApiKey }

/// <summary>
/// Verifies the EHR's bearer JWT per CDS Hooks 2.0: signature (RS/ES 256/384/512; never none or HMAC), iss on the allow-list,
/// keys from the client's JWKS (or its jku, only when allow-listed), aud equal to the URL called, exp, iat, and jti not replayed.
/// </summary>
public sealed class CdsTokenValidator(IOptionsMonitor<CdsAuthOptions> options, JwksCache jwks, IReplayCache replay, ClinicalTime clock)
{
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha384, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256,
        SecurityAlgorithms.RsaSha512, SecurityAlgorithms.EcdsaSha512,
    ];
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<AuthResult> ValidateAsync(string? authorization, string audience, CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthResult.Fail(AuthFailureKind.Missing, "missing bearer token");
        var raw = authorization["Bearer ".Length..].Trim();

        JsonWebToken token;
        try { token = _handler.ReadJsonWebToken(raw); }
        catch (Exception) { return AuthResult.Fail(AuthFailureKind.Malformed, "token is not a well-formed JWT"); }

        if (!Algorithms.Contains(token.Alg))
            return AuthResult.Fail(AuthFailureKind.Signature, $"signing algorithm '{token.Alg}' is not accepted");
        var client = o.Clients.FirstOrDefault(c => c.Issuer == token.Issuer);
        if (client is null) return AuthResult.Fail(AuthFailureKind.Issuer, "issuer is not a registered CDS client");

        string? keyUrl = client.JwksUrl;
        if (token.TryGetHeaderValue<string>("jku", out var jku) && !string.IsNullOrEmpty(jku))
        {
            if (!client.AllowedJkus.Contains(jku)) return AuthResult.Fail(AuthFailureKind.Key, "jku is not on the client's allow-list");
            keyUrl = jku;
        }
        if (keyUrl is null) return AuthResult.Fail(AuthFailureKind.Key, "no key source configured for this client");
        if (!Uri.TryCreate(keyUrl, UriKind.Absolute, out var keyUri)
            || (keyUri.Scheme != Uri.UriSchemeHttps && !(keyUri.IsLoopback && o.AllowHttpLoopback)))
            return AuthResult.Fail(AuthFailureKind.Key, "the client's key URL must be https");
        var kid = string.IsNullOrEmpty(token.Kid) ? null : token.Kid;
        var keys = await jwks.GetKeysAsync(keyUrl, kid, ct);
        if (kid is not null && keys.All(k => k.KeyId != kid)) return AuthResult.Fail(AuthFailureKind.Key, "signing key (kid) is unknown");

        var skew = TimeSpan.FromSeconds(o.ClockSkewSeconds);
        var result = await _handler.ValidateTokenAsync(raw, new TokenValidationParameters
        {
            ValidIssuer = client.Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = keys,
            ValidAlgorithms = Algorithms,
            ClockSkew = skew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateLifetime = true,
            LifetimeValidator = (nbf, exp, _, _) => exp is { } e && e.ToUniversalTime() + skew >= clock.GetUtcNow().UtcDateTime
                && (nbf is null || nbf.Value.ToUniversalTime() - skew <= clock.GetUtcNow().UtcDateTime),
        });
        if (!result.IsValid)
        {
            var (kind, why) = Describe(result.Exception);
            return AuthResult.Fail(kind, why);
        }

        var now = clock.GetUtcNow();
        if (token.IssuedAt == DateTime.MinValue) return AuthResult.Fail(AuthFailureKind.Missing, "iat is required");
        if (token.IssuedAt - skew > now.UtcDateTime) return AuthResult.Fail(AuthFailureKind.Lifetime, "iat is in the future");
        if (token.ValidTo - token.IssuedAt > TimeSpan.FromSeconds(o.MaxTokenLifetimeSeconds))
            return AuthResult.Fail(AuthFailureKind.Lifetime, "token lifetime is too long");
        if (string.IsNullOrEmpty(token.Id)) return AuthResult.Fail(AuthFailureKind.Missing, "jti is required");
        if (token.Id.Length > MaxJtiLength) return AuthResult.Fail(AuthFailureKind.Malformed, "jti is too long");
        if (!await replay.TryRememberAsync(client.Issuer, token.Id, new DateTimeOffset(token.ValidTo, TimeSpan.Zero) + skew, ct))
            return AuthResult.Fail(AuthFailureKind.Replay, "token has already been used (jti replay)");
        return new AuthResult(true, null, client.Issuer);
    }

    /// <summary>The longest jti accepted: far beyond any real one (a UUID is 36), bounding what each replay entry keeps.</summary>
    public const int MaxJtiLength = 4096;

    private static (AuthFailureKind, string) Describe(Exception? e) => e switch
    {
        SecurityTokenExpiredException => (AuthFailureKind.Lifetime, "token has expired"),
        SecurityTokenInvalidLifetimeException => (AuthFailureKind.Lifetime, "token has expired or is not yet valid"),
        SecurityTokenInvalidAudienceException => (AuthFailureKind.Audience, "audience does not match the service URL called"),
        SecurityTokenInvalidIssuerException => (AuthFailureKind.Issuer, "issuer is not accepted"),
        SecurityTokenSignatureKeyNotFoundException => (AuthFailureKind.Key, "signing key not found"),
        SecurityTokenInvalidSignatureException => (AuthFailureKind.Signature, "signature is invalid"),
        SecurityTokenInvalidAlgorithmException => (AuthFailureKind.Signature, "signing algorithm is not accepted"),
        _ => (AuthFailureKind.Malformed, "token is invalid"),
    };
}
