using System.Diagnostics;
using Hl7.Fhir.Model;
using BoneCds.Api.Errors;
using BoneCds.Api.Hosting;
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

    public static void MapAssessments(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/assessments", Assess)
            .WithTags("Assessments").WithName("CreateAssessment")
            .WithSummary("Assess bone health from a FHIR R4 Bundle (collection, searchset, transaction or batch)")
            .WithDescription("The Bundle holds Observations (25(OH)D, PTH, calcium, osteocalcin, eGFR, DXA T/Z-scores, FRAX) and optionally Patient, "
                + "MedicationRequest/MedicationStatement and Condition. The medication list in the Bundle is taken as complete. "
                + "Query 'patientId' picks the patient when the Bundle holds several.")
            .Accepts<System.Text.Json.JsonElement>("application/fhir+json", "application/json")
            .Produces<AssessmentResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> Assess(HttpContext http, BoneHealthEvaluator evaluator, ClinicalTime clock,
        IOptions<ServiceOptions> options, ILoggerFactory loggers, CancellationToken ct, string? patientId = null)
    {
        var log = loggers.CreateLogger("BoneCds.Assessments");
        var started = Stopwatch.GetTimestamp();
        try
        {
            var body = await BodyReader.ReadJsonAsync(http.Request, options.Value.MaxRequestBodyBytes, ct);
            ParsedResource parsed;
            try { parsed = FhirResourceParser.Parse(body, "body"); }
            catch (FhirInputException e) { throw RequestProblem.BadRequest(e.Message); }
            if (parsed.Resource is not Bundle bundle)
                throw RequestProblem.BadRequest($"Expected a FHIR Bundle, got resourceType '{parsed.Resource.TypeName}'.");
            if (bundle.Type is not { } type || !AcceptedTypes.Contains(type))
                throw RequestProblem.BadRequest($"Bundle.type must be collection, searchset, transaction or batch (got '{bundle.Type?.ToString() ?? "none"}').");

            var patients = bundle.Entry.Select(e => e.Resource).OfType<Patient>().ToList();
            if (patientId is null && patients.Select(p => p.Id).Distinct().Count() > 1)
                throw RequestProblem.BadRequest("The Bundle holds more than one Patient: say which with the 'patientId' query parameter.");
            if (patientId is not null && patients.Count > 0 && patients.All(p => p.Id != patientId))
                throw RequestProblem.BadRequest("No Patient in the Bundle has the id given in 'patientId'.");
            patientId ??= patients.FirstOrDefault()?.Id;

            var now = clock.GetUtcNow();
            var result = evaluator.Evaluate([bundle], patientId, now, HookKind.Api, $"assessment-{Guid.NewGuid()}", null, parsed.RejectedEntries);
            log.LogInformation("Assessment evaluated in {ElapsedMs:0.0} ms: {CardCount} cards, rules {RuleIds}, {RejectedCount} rejected inputs",
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, result.Cards.Count,
                result.Assessment.Hits.Select(h => h.RuleId).Distinct().ToArray(), result.Assessment.Input.Rejected.Count);
            return Results.Json(AssessmentResponse.From(result, evaluator.Thresholds), JsonDefaults.Api);
        }
        catch (RequestProblem p)
        {
            log.LogWarning("Assessment request refused: {Status} {Title}", p.Status, p.Title);
            return Problems.From(p, http);
        }
    }
}
