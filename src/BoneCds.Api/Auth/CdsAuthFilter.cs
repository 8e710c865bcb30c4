namespace BoneCds.Api.Auth;

/// <summary>Endpoint filter: every CDS service call carries a valid EHR JWT, or gets a 401 problem (never a stack trace).</summary>
public sealed class CdsAuthFilter(CallerAuthenticator authenticator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!authenticator.Unauthenticated)
            context.HttpContext.Items[CallerAuthenticator.CallerItem] = await authenticator.RequireJwtAsync(context.HttpContext);
        return await next(context);
    }
}
