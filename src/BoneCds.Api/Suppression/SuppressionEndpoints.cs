using BoneCds.Api.Auth;
using BoneCds.Api.Errors;
using BoneCds.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BoneCds.Api.Suppression;

/// <summary>DELETE /api/v1/suppressions: the CDS committee (a Feedback:SummaryApiKeys key) lifts a patient's suppressions.</summary>
public static class SuppressionEndpoints
{
    public const string LiftName = "LiftSuppressions";

    public static void MapSuppressionAdmin(this RouteGroupBuilder api) =>
        api.MapDelete("/suppressions", LiftAsync)
            .RequireAuthorization(CallerPolicies.FeedbackSummary)
            .WithTags("Feedback").WithName(LiftName)
            .WithSummary("Lift a patient's remembered overrides, all or one rule's (requires X-Api-Key)")
            .WithDescription("fhirServer is the FHIR server (or CDS client issuer) the patient id belongs to, as the hooks saw it. "
                + "The hooks show the cards again from the next call.")
            .Produces<LiftResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

    private static async Task<JsonHttpResult<LiftResult>> LiftAsync(SuppressionService suppression, ClinicalTime clock,
        ILogger<LiftResult> log, CancellationToken ct, string? fhirServer = null, string? patientId = null, string? ruleId = null)
    {
        if (string.IsNullOrWhiteSpace(fhirServer) || string.IsNullOrWhiteSpace(patientId))
            throw RequestProblem.BadRequest("'fhirServer' and 'patientId' are required query parameters.");
        var lifted = await suppression.LiftAsync(fhirServer, patientId, ruleId, clock.GetUtcNow(), ct);
        // The rule and the count only: the patient is not logged.
        log.LogInformation("Suppressions lifted: {Count} ({RuleId})", lifted, Telemetry.LogSafe.Text(ruleId ?? "all rules"));
        return TypedResults.Json(new LiftResult(lifted), JsonDefaults.Api);
    }
}

public sealed record LiftResult(int Lifted);
