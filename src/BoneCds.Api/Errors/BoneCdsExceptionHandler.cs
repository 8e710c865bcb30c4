using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace BoneCds.Api.Errors;

/// <summary>
/// The one place that maps exceptions to RFC 7807 problem details: refused requests keep their status and message, an
/// unreadable body is 400/413, a database outage 503, anything else 500 without internals. Only status and titles are
/// logged (no request content, so no PHI).
/// </summary>
public sealed class BoneCdsExceptionHandler(ILogger<BoneCdsExceptionHandler> log) : IExceptionHandler
{
    /// <summary>The store outages a feedback call or readiness check can meet: answered 503, never 500.</summary>
    public static bool IsStoreOutage(Exception e) => e is DbException or TimeoutException;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, title, detail) = exception switch
        {
            RequestProblem p => (p.Status, p.Title, p.Message),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, "Bad request", "The request body is too large."),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", "The request could not be read."),
            _ when IsStoreOutage(exception) => (StatusCodes.Status503ServiceUnavailable, "Feedback store unavailable",
                $"The feedback store did not answer ({exception.GetType().Name}); please retry."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "An unexpected error occurred."),
        };
        var path = Telemetry.LogSafe.Path(http);
        if (status >= 500) log.LogError("{Path} failed: {Status} {Error}", path, status, exception.GetType().Name);
        else log.LogWarning("{Path} refused: {Status} {Title}", path, status, title);

        http.Response.StatusCode = status;
        if (exception is RequestProblem { Headers: var headers })
            foreach (var (name, value) in headers) http.Response.Headers[name] = value;
        if (exception is RequestProblem { FhirBody: { } resource })
        {
            await TypedResults.Json(resource, Hosting.JsonDefaults.Api, "application/fhir+json", status).ExecuteAsync(http);
            return true;
        }
        await http.WriteProblemAsync(new ProblemDetails { Status = status, Title = title, Detail = detail }, exception);
        return true;
    }
}
