using Microsoft.AspNetCore.Mvc;

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

    /// <summary>
    /// Writes a problem with its status through the problem-details service (type, instance, traceId); a client whose Accept
    /// header refuses JSON still gets it, as problem+json.
    /// </summary>
    public static async Task WriteProblemAsync(this HttpContext http, ProblemDetails problem, Exception? exception = null)
    {
        if (problem.Status is { } status) http.Response.StatusCode = status;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        var context = new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception };
        if (!await problems.TryWriteAsync(context))
            await TypedResults.Problem(problem).ExecuteAsync(http);
    }
}
