using System.Threading.RateLimiting;
using BoneCds.Api.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Auth;

/// <summary>
/// Who may call what, one policy per endpoint group: CDS services and feedback take a CDS client's JWT; the plain API a JWT
/// or an API key from Auth:ApiKeys (rate limited per caller); the feedback summary a key from Feedback:SummaryApiKeys.
/// </summary>
public static class CallerPolicies
{
    public const string CdsClient = "CdsClient";
    public const string ApiCaller = "ApiCaller";
    public const string FeedbackSummary = "FeedbackSummary";

    /// <summary>The rate-limiter policy of POST /api/v1/assessments (security review M1).</summary>
    public const string Assessments = "assessments";

    /// <summary>Each policy's schemes and the credential a refusal names, also read by the OpenAPI security filter.</summary>
    public static readonly IReadOnlyDictionary<string, (string[] Schemes, string[] Kinds, string Credential)> All =
        new Dictionary<string, (string[], string[], string)>
        {
            [CdsClient] = ([CallerSchemes.Jwt], [CallerAuthenticator.JwtKind], "bearer token"),
            [ApiCaller] = ([CallerSchemes.ApiKey, CallerSchemes.Jwt], [CallerAuthenticator.ApiKind, CallerAuthenticator.JwtKind],
                "bearer JWT or X-Api-Key header"),
            [FeedbackSummary] = ([CallerSchemes.ApiKey], [CallerAuthenticator.SummaryKind], "X-Api-Key header"),
        };

    public static IServiceCollection AddCallerPolicies(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, CdsJwtAuthenticationHandler>(CallerSchemes.Jwt, null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(CallerSchemes.ApiKey, null);
        services.AddAuthorization(o =>
        {
            foreach (var (name, (schemes, kinds, credential)) in All)
                o.AddPolicy(name, p => p.AddAuthenticationSchemes(schemes).AddRequirements(new CallerRequirement(name, kinds, credential)));
        });
        services.AddSingleton<IAuthorizationHandler, CallerRequirementHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, RefusalResultHandler>();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Assessments, http =>
            {
                var perMinute = PerMinute(http);
                // Partitioned by the authenticated caller and how it proved it, so a key's name cannot share an issuer's bucket.
                return RateLimitPartition.GetTokenBucketLimiter($"{http.User.FindFirst(CallerSchemes.KindClaim)?.Value}:{http.Caller()}",
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = perMinute, TokensPerPeriod = perMinute, ReplenishmentPeriod = TimeSpan.FromMinutes(1), QueueLimit = 0,
                    });
            });
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var perMinute = PerMinute(http);
                // When the bucket has a token again, as the limiter computed it; a minute if it did not say.
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString(
                    System.Globalization.CultureInfo.InvariantCulture);
                await WriteProblemAsync(http, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"At most {perMinute} assessments per minute per caller.");
            };
        });
        return services;
    }

    private static int PerMinute(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptionsMonitor<CdsAuthOptions>>().CurrentValue.AssessmentsPerMinute;

    internal static Task WriteProblemAsync(HttpContext http, int status, string title, string detail) =>
        http.WriteProblemAsync(new ProblemDetails { Status = status, Title = title, Detail = detail });
}

/// <summary>The caller proved itself with one of <see cref="Kinds"/>, and no other credential it sent was refused.</summary>
public sealed record CallerRequirement(string Policy, string[] Kinds, string Credential) : IAuthorizationRequirement;

public sealed class CallerRequirementHandler(CallerAuthenticator authenticator) : AuthorizationHandler<CallerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallerRequirement requirement)
    {
        // The development flag opens everything but a summary that has keys configured; it is refused outside Development.
        var open = requirement.Policy == CallerPolicies.FeedbackSummary ? authenticator.SummaryOpen : authenticator.Unauthenticated;
        var http = context.Resource as HttpContext;
        var refused = http?.Items.ContainsKey(CallerSchemes.RefusalItem) == true;
        var kind = context.User.FindFirst(CallerSchemes.KindClaim)?.Value;
        if (open || (!refused && kind is not null && requirement.Kinds.Contains(kind))) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Every refusal is the same 401 problem with WWW-Authenticate: Bearer: "missing" when nothing was sent, otherwise generic
/// (the reason goes to the log), also for a valid key of the wrong kind, so the answer does not say which keys exist.
/// </summary>
public sealed class RefusalResultHandler(CallerAuthenticator authenticator) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded || policy.Requirements.OfType<CallerRequirement>().FirstOrDefault() is not { } requirement)
        {
            await _default.HandleAsync(next, http, policy, result);
            return;
        }
        var (refusal, credential) = http.Items[CallerSchemes.RefusalItem] is (AuthResult r, string c) ? (r, c)
            : result.Forbidden ? (AuthResult.Fail(AuthFailureKind.ApiKey, "a key of another kind"), "API key")
            : (AuthResult.Fail(AuthFailureKind.Missing, "missing " + requirement.Credential), requirement.Credential);
        var detail = authenticator.Refuse(http, refusal, credential);
        http.Response.Headers.WWWAuthenticate = "Bearer";
        await CallerPolicies.WriteProblemAsync(http, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }
}
