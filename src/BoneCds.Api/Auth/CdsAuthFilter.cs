using BoneCds.Api.Errors;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Auth;

/// <summary>Endpoint filter: every CDS service call carries a valid EHR JWT, or gets 401 with the reason (never a stack trace).</summary>
public sealed class CdsAuthFilter(CdsTokenValidator validator, IOptionsMonitor<CdsAuthOptions> options,
    ILogger<CdsAuthFilter> log) : IEndpointFilter
{
    /// <summary>HttpContext item holding the authenticated client's issuer.</summary>
    public const string ClientItem = "bonecds.cds-client";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var o = options.CurrentValue;
        if (o.AllowUnauthenticated) return await next(context);

        var audience = (o.PublicBaseUrl?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}") + http.Request.PathBase
            + http.Request.Path;
        var result = await validator.ValidateAsync(http.Request.Headers.Authorization, audience, http.RequestAborted);
        if (result.Ok)
        {
            http.Items[ClientItem] = result.Issuer;
            return await next(context);
        }
        log.LogWarning("Rejected CDS call to {Path}: {Reason}", http.Request.Path.Value, result.Failure);
        throw RequestProblem.Unauthorized($"The bearer token was rejected: {result.Failure}.");
    }
}
