using BoneCds.Api.Errors;

namespace BoneCds.Api.CdsHooks;

/// <summary>The unknown-service 404 for every /cds-services/{id} route, written once.</summary>
public sealed class KnownServiceFilter : IEndpointFilter
{
    public const string ServiceItem = "cds-service";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var id = context.HttpContext.GetRouteValue("id") as string ?? "";
        context.HttpContext.Items[ServiceItem] = CdsServiceCatalog.Find(id) ?? throw RequestProblem.UnknownService(id);
        return next(context);
    }
}

public static class CdsServiceHttpContext
{
    /// <summary>The service a /cds-services/{id} call addresses, found by <see cref="KnownServiceFilter"/>.</summary>
    public static CdsServiceDescriptor CdsService(this HttpContext http) =>
        (CdsServiceDescriptor)http.Items[KnownServiceFilter.ServiceItem]!;
}
