namespace BoneCds.Api.Errors;

public static class ProblemDetailsSetup
{
    /// <summary>Every problem the host writes (ours and the framework's) carries type, instance and traceId.</summary>
    public static IServiceCollection AddBoneCdsProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var problem = ctx.ProblemDetails;
            var status = problem.Status ?? ctx.HttpContext.Response.StatusCode;
            problem.Type = $"https://bonecds.org/problems/{status}";
            problem.Instance ??= ctx.HttpContext.Request.Path;
            // The W3C trace id, as in the logs and traces, so a problem can be found in both.
            problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<BoneCdsExceptionHandler>();
        return services;
    }
}
