using System.Diagnostics;
using Hl7.Fhir.Model;
using BoneCds.Api.Auth;
using BoneCds.Api.Errors;
using BoneCds.Api.Hosting;
using BoneCds.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using BoneCds.Rules.Assessment;
using BoneCds.Rules.Cards;
using BoneCds.Rules.Fhir;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Assessments;

/// <summary>
/// POST /api/v1/assessments: the plain API for other services. "Assessment" because the result is the whole bone-health
/// assessment (findings, fired rules, rejected inputs) of which the cards are one part.
/// </summary>
public static class AssessmentEndpoints
{
    private static readonly HashSet<Bundle.BundleType> AcceptedTypes =
        [Bundle.BundleType.Collection, Bundle.BundleType.Searchset, Bundle.BundleType.Transaction, Bundle.BundleType.Batch];

    public const string CreateAssessmentName = "CreateAssessment";

    /// <summary>POST /api/v1/assessments; mapped on the /api/v1 group.</summary>
    public static void MapAssessments(this RouteGroupBuilder api) =>
        api.MapPost("/assessments", CreateAssessmentAsync)
            .RequireAuthorization(CallerPolicies.ApiCaller).RequireRateLimiting(CallerPolicies.Assessments)
            .WithTags("Assessments").WithName(CreateAssessmentName)
            .WithSummary("Assess bone health from a FHIR R4 Bundle (collection, searchset, transaction or batch)")
            .WithDescription("The Bundle holds Observations (25(OH)D, PTH, calcium, osteocalcin, eGFR, DXA T/Z-scores, FRAX) and "
                + "optionally Patient, "
                + "MedicationRequest/MedicationStatement and Condition. The medication list in the Bundle is taken as complete. "
                + "Query 'patientId' picks the patient when the Bundle holds several; with 'fhirServer' (the FHIR server or CDS "
                + "client issuer the patient id belongs to) the response also lists the patient's remembered overrides "
                + "(suppressedRules).")
            .Accepts<System.Text.Json.JsonElement>("application/fhir+json", "application/json")
            .Produces<AssessmentResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<JsonHttpResult<AssessmentResponse>> CreateAssessmentAsync(HttpContext http, BoneHealthEvaluator evaluator,
        ClinicalTime clock, IOptions<ServiceOptions> options, ILogger<AssessmentResponse> log, Suppression.SuppressionService suppression,
        CancellationToken ct, string? patientId = null, string? fhirServer = null)
    {
        var started = Stopwatch.GetTimestamp();
        var body = await BodyReader.ReadJsonAsync(http.Request, options.Value.MaxRequestBodyBytes, ct);
        ParsedResource parsed;
        try { parsed = FhirResourceParser.Parse(body.Span, "body"); }
        catch (FhirInputException e) { throw RequestProblem.BadRequest(e.Message); }
        if (parsed.Resource is not Bundle bundle)
            throw RequestProblem.BadRequest($"Expected a FHIR Bundle, got resourceType '{parsed.Resource.TypeName}'.");
        if (bundle.Type is not { } type || !AcceptedTypes.Contains(type))
            throw RequestProblem.BadRequest($"Bundle.type must be collection, searchset, transaction or batch (got "
                + $"'{Hl7.Fhir.Utility.EnumUtility.GetLiteral(bundle.Type) ?? "none"}').");
        patientId = PatientInBundle(bundle, patientId);

        var result = evaluator.Evaluate([bundle], patientId, clock.GetUtcNow(), RequestKind.AssessmentApi, $"assessment-{Guid.NewGuid()}",
            null,
            parsed.RejectedEntries);
        log.LogInformation("Assessment evaluated in {ElapsedMs:0.0} ms: {CardCount} cards, rules {RuleIds}, {RejectedCount} rejected "
            + "inputs",
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, result.Cards.Count,
            result.Assessment.Hits.Select(h => h.RuleId).Distinct().ToArray(), result.Assessment.Input.Rejected.Count);
        var response = AssessmentResponse.From(result, evaluator.Thresholds);
        if (fhirServer is not null && patientId is not null)
            response = response with { SuppressedRules = await suppression.ListAsync(fhirServer, patientId, clock.GetUtcNow(), ct) };
        return TypedResults.Json(response, JsonDefaults.Api);
    }

    /// <summary>The patient the assessment is for: the one named, or the only one in the Bundle.</summary>
    private static string? PatientInBundle(Bundle bundle, string? patientId)
    {
        var patients = bundle.Entry.Select(e => e.Resource).OfType<Patient>().ToList();
        if (patientId is null && patients.Select(p => p.Id).Distinct().Count() > 1)
            throw RequestProblem.BadRequest("The Bundle holds more than one Patient: say which with the 'patientId' query parameter.");
        if (patientId is not null && patients.Count > 0 && patients.All(p => p.Id != patientId))
            throw RequestProblem.BadRequest("No Patient in the Bundle has the id given in 'patientId'.");
        return patientId ?? patients.FirstOrDefault()?.Id;
    }
}
