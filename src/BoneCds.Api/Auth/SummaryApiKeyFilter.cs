using System.Security.Cryptography;
using System.Text;
using BoneCds.Api.Errors;
using BoneCds.Api.Feedback;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Auth;

/// <summary>
/// The feedback summary is for the clinical governance team: it needs one of the configured X-Api-Key values, compared as
/// SHA-256 hashes in fixed time so neither timing nor length says how close a guess was (review L5). The development flag
/// opens it only while no key is configured.
/// </summary>
public sealed class SummaryApiKeyFilter(IOptionsMonitor<FeedbackOptions> feedback, IOptionsMonitor<CdsAuthOptions> auth) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var keys = feedback.CurrentValue.SummaryApiKeys;
        if (keys.Count == 0 && auth.CurrentValue.AllowUnauthenticated) return await next(context);
        var sent = SHA256.HashData(Encoding.UTF8.GetBytes(context.HttpContext.Request.Headers["X-Api-Key"].ToString()));
        var ok = false;
        foreach (var key in keys) ok |= CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), sent);
        if (ok && context.HttpContext.Request.Headers["X-Api-Key"].ToString().Length > 0) return await next(context);
        throw RequestProblem.Unauthorized("A valid X-Api-Key header is required for the feedback summary.");
    }
}
