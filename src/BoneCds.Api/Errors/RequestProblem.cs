namespace BoneCds.Api.Errors;

/// <summary>A request the service refuses, with the HTTP status and a message safe to return (never a stack trace).</summary>
public sealed class RequestProblem(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;

    public static RequestProblem BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Invalid request", detail);
    public static RequestProblem UnknownService(string id) =>
        new(StatusCodes.Status404NotFound, "Unknown CDS service", $"No CDS service with id '{id}'. See GET /cds-services.");
}

public static class Problems
{
    /// <summary>RFC 7807 problem details for a refused request.</summary>
    public static IResult From(RequestProblem p, HttpContext http) => Results.Problem(
        statusCode: p.Status, title: p.Title, detail: p.Message,
        type: $"https://bonecds.org/problems/{p.Status}",
        instance: http.Request.Path,
        extensions: new Dictionary<string, object?> { ["traceId"] = http.TraceIdentifier });
}
