using BoneCds.Api.Errors;
using BoneCds.Api.Feedback;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Auth;

/// <summary>The feedback summary is for the clinical governance team: it needs one of the configured X-Api-Key values.</summary>
public sealed class SummaryApiKeyFilter(IOptionsMonitor<FeedbackOptions> feedback, IOptionsMonitor<CdsAuthOptions> auth) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers["X-Api-Key"].ToString();
        var ok = auth.CurrentValue.AllowUnauthenticated
                 || (key.Length > 0 && feedback.CurrentValue.SummaryApiKeys.Any(k =>
                 System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                     System.Text.Encoding.UTF8.GetBytes(k), System.Text.Encoding.UTF8.GetBytes(key))));
        if (ok) return await next(context);
        throw RequestProblem.Unauthorized("A valid X-Api-Key header is required for the feedback summary.");
    }
}
