using System.Globalization;
using System.Text.Json;
using BoneCds.Api.Auth;
using BoneCds.Api.CdsHooks;
using BoneCds.Api.Errors;
using BoneCds.Api.Hosting;
using BoneCds.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Feedback;

public static class FeedbackEndpoints
{
    public const string PostFeedbackName = "Feedback";
    public const string SummaryName = "FeedbackSummary";

    private static readonly JsonSerializerOptions Read = new(JsonSerializerDefaults.Web);

    /// <summary>POST feedback on a service's cards; mapped on the /cds-services/{id} group, which carries auth and the 404.</summary>
    public static void MapFeedback(this RouteGroupBuilder service) =>
        service.MapPost("/feedback", PostFeedbackAsync)
            .WithName(PostFeedbackName)
            .WithSummary("CDS Hooks 2.0 feedback: the clinician accepted or overrode a card")
            .Accepts<FeedbackRequest>("application/json")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>GET the feedback summary; mapped on the /api/v1 group.</summary>
    public static void MapFeedbackSummary(this RouteGroupBuilder api) =>
        api.MapGet("/feedback/summary", GetFeedbackSummaryAsync)
            .AddEndpointFilter<SummaryApiKeyFilter>()
            .WithTags("Feedback").WithName(SummaryName)
            .WithSummary("Accepted / overridden counts per rule id, with override reasons (requires X-Api-Key)")
            .Produces<FeedbackSummary>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

    private static async Task<JsonHttpResult<FeedbackSummary>> GetFeedbackSummaryAsync(IFeedbackStore store, CancellationToken ct) =>
        TypedResults.Json(await store.SummariseAsync(ct), JsonDefaults.Api);

    private static async Task<Ok> PostFeedbackAsync(string id, HttpContext http, IFeedbackStore store, ClinicalTime clock,
        IOptions<ServiceOptions> options, ILogger<FeedbackRequest> log, CancellationToken ct)
    {
        var serviceId = http.CdsService().Id;
        var body = await BodyReader.ReadJsonAsync(http.Request, options.Value.MaxRequestBodyBytes, ct);
        FeedbackRequest? request;
        try { request = JsonSerializer.Deserialize<FeedbackRequest>(body.Span, Read); }
        catch (JsonException e) { throw RequestProblem.BadRequest($"The body is not valid feedback JSON: {e.Message}"); }
        catch (InvalidOperationException) { throw RequestProblem.BadRequest("The body holds a string that is not valid Unicode."); }
        if (request?.Feedback is not { Count: > 0 } items) throw RequestProblem.BadRequest("'feedback' must be a non-empty array.");
        if (items.Any(i => i is null)) throw RequestProblem.BadRequest("'feedback' entries must be objects.");

        var now = clock.GetUtcNow();
        var records = items.Select((f, i) => Validate(f, i, serviceId, now)).ToList();
        await store.RecordFeedbackAsync(records, ct);
        log.LogInformation("Feedback stored for {ServiceId}: {Count} entries ({Accepted} accepted, {Overridden} overridden)",
            serviceId, records.Count, records.Count(r => r.Outcome == FeedbackOutcomes.Accepted),
                records.Count(r => r.Outcome == FeedbackOutcomes.Overridden));
        return TypedResults.Ok();
    }

    private static FeedbackRecord Validate(FeedbackItem f, int i, string serviceId, DateTimeOffset now)
    {
        var at = $"feedback[{i}]";
        if (string.IsNullOrWhiteSpace(f.Card)
            || !Guid.TryParse(f.Card, out _)) throw RequestProblem.BadRequest($"{at}.card must be the uuid of a card.");
        if (f.Outcome is not (FeedbackOutcomes.Accepted or FeedbackOutcomes.Overridden))
            throw RequestProblem.BadRequest($"{at}.outcome must be 'accepted' or 'overridden'.");
        if (f.OutcomeTimestamp is null
            || !DateTimeOffset.TryParse(f.OutcomeTimestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ts))
            throw RequestProblem.BadRequest($"{at}.outcomeTimestamp is required (ISO 8601).");
        var accepted = f.AcceptedSuggestions?.Select(s => s.Id).ToList() ?? [];
        if (f.Outcome == FeedbackOutcomes.Accepted && (accepted.Count == 0 || accepted.Any(string.IsNullOrWhiteSpace)))
            throw RequestProblem.BadRequest($"{at}.acceptedSuggestions (with ids) is required when the outcome is 'accepted'.");
        if (f.Outcome == FeedbackOutcomes.Overridden && accepted.Count > 0)
            throw RequestProblem.BadRequest($"{at}.acceptedSuggestions must be absent when the outcome is 'overridden'.");
        if (f.Outcome == FeedbackOutcomes.Accepted && f.OverrideReason is not null)
            throw RequestProblem.BadRequest($"{at}.overrideReason is only for 'overridden' outcomes.");
        if (f.OverrideReason?.UserComment is { Length: > 2000 })
            throw RequestProblem.BadRequest($"{at}.overrideReason.userComment is too long.");
        return new FeedbackRecord(f.Card, serviceId, f.Outcome, accepted!, f.OverrideReason?.Reason?.System, f.OverrideReason?.Reason?.Code,
            f.OverrideReason?.Reason?.Display, f.OverrideReason?.UserComment, ts, now);
    }
}

/// <summary>CDS Hooks 2.0 feedback outcome values.</summary>
public static class FeedbackOutcomes
{
    public const string Accepted = "accepted";
    public const string Overridden = "overridden";
}
