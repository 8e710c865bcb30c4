using System.Threading.RateLimiting;
using BoneCds.Api.Errors;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Auth;

/// <summary>
/// The plain API (POST /api/v1/assessments) needs a credential, a signed JWT as the hooks do or a per-caller API key, and is
/// rate limited per authenticated caller with ASP.NET Core's token-bucket limiter (security review M1).
/// </summary>
public sealed class ApiCallerFilter(CallerAuthenticator authenticator, ApiRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = authenticator.Unauthenticated ? CallerAuthenticator.DevelopmentCaller
            : authenticator.ApiKeyCaller(http) ?? (http.Request.Headers.Authorization.Count > 0 ? await authenticator.RequireJwtAsync(http)
                : throw RequestProblem.Unauthorized("A bearer JWT or an X-Api-Key header is required."));
        http.Items[CallerAuthenticator.CallerItem] = caller;
        using var lease = limiter.Acquire(caller);
        if (!lease.IsAcquired)
            throw new RequestProblem(StatusCodes.Status429TooManyRequests, "Too many requests",
                $"At most {limiter.PerMinute} assessments per minute per caller.")
            {
                Headers = { ["Retry-After"] = "60" },
            };
        return await next(context);
    }
}

/// <summary>One token bucket per caller, for the life of the process (filters are created per request).</summary>
public sealed class ApiRateLimiter(IOptionsMonitor<CdsAuthOptions> options) : IDisposable
{
    public int PerMinute => options.CurrentValue.AssessmentsPerMinute;

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(caller =>
        RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.CurrentValue.AssessmentsPerMinute,
            TokensPerPeriod = options.CurrentValue.AssessmentsPerMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public RateLimitLease Acquire(string caller) => _limiter.AttemptAcquire(caller);

    public void Dispose() => _limiter.Dispose();
}
