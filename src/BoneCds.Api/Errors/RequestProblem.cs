namespace BoneCds.Api.Errors;

/// <summary>
/// A request the service refuses, with the HTTP status and a message safe to return (never a stack trace). Endpoints and
/// filters throw it; <see cref="BoneCdsExceptionHandler"/> turns it into problem details.
/// </summary>
public sealed class RequestProblem(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;

    /// <summary>Response headers the answer needs (Retry-After, WWW-Authenticate), written with the problem.</summary>
    public Dictionary<string, string> Headers { get; } = new();

    public static RequestProblem BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Invalid request", detail);

    public static RequestProblem Unauthorized(string detail) =>
        new(StatusCodes.Status401Unauthorized, "Unauthorized", detail) { Headers = { ["WWW-Authenticate"] = "Bearer" } };

    public static RequestProblem UnknownService(string id) =>
        new(StatusCodes.Status404NotFound, "Unknown CDS service", $"No CDS service with id '{id}'. See GET /cds-services.");

    public static RequestProblem NotFound(string title, string detail) => new(StatusCodes.Status404NotFound, title, detail);

    /// <summary>When set, the answer is this FHIR resource (an OperationOutcome) instead of problem details.</summary>
    public Hl7.Fhir.Model.Resource? FhirBody { get; init; }

    /// <summary>
    /// CDS Hooks 2.0 §Prefetch: data the service cannot do without was neither prefetched nor obtainable from the FHIR server:
    /// 412 with an OperationOutcome.
    /// </summary>
    public static RequestProblem PreconditionFailed(string detail) => new(StatusCodes.Status412PreconditionFailed,
        "Precondition Failed", detail)
    {
        FhirBody = new Hl7.Fhir.Model.OperationOutcome
        {
            Issue =
            [
                new Hl7.Fhir.Model.OperationOutcome.IssueComponent
                {
                    Severity = Hl7.Fhir.Model.OperationOutcome.IssueSeverity.Error,
                    Code = Hl7.Fhir.Model.OperationOutcome.IssueType.Incomplete,
                    Diagnostics = detail,
                },
            ],
        },
    };
}
