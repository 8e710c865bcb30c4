using System.Globalization;
using System.Text.Json;
using BoneCds.Api.Auth;
using BoneCds.Api.CdsHooks;
using BoneCds.Api.Errors;
using BoneCds.Api.Hosting;
using BoneCds.Api.Http;
using BoneCds.Api.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Feedback;

public static class FeedbackEndpoints
{
    public const string PostFeedbackName = "Feedback";
    public const string SummaryName = "FeedbackSummary";

    private static readonly JsonSerializerOptions Read = new(JsonSerializerDefaults.Web);
    private const int MaxCommentLength = 2000;
    private const int MaxCodingLength = 256;
    private const int MaxAcceptedSuggestions = 20;

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
            .RequireAuthorization(CallerPolicies.FeedbackSummary)
            .WithTags("Feedback").WithName(SummaryName)
            .WithSummary("Accepted / overridden counts per rule id, with override reasons, for all clients or one (requires X-Api-Key)")
            .Produces<FeedbackSummary>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

    /// <summary>The summary; with ?client= only that CDS client's feedback (its iss), otherwise every client's.</summary>
    private static async Task<JsonHttpResult<FeedbackSummary>> GetFeedbackSummaryAsync(IFeedbackStore store, CancellationToken ct,
        string? client = null) =>
        TypedResults.Json(await store.SummariseAsync(client, ct), JsonDefaults.Api);

    private static async Task<Ok> PostFeedbackAsync(string id, HttpContext http, IFeedbackStore store, IssuedCardRecorder recorder,
        ClinicalTime clock, IOptions<ServiceOptions> options, IOptions<FeedbackOptions> feedbackOptions, ILogger<FeedbackRequest> log,
        BoneCdsMetrics metrics, Suppression.SuppressionService suppression, CancellationToken ct)
    {
        var serviceId = http.CdsService().Id;
        var client = http.Caller();
        var body = await BodyReader.ReadJsonAsync(http.Request, options.Value.MaxRequestBodyBytes, ct);
        FeedbackRequest? request;
        try { request = JsonSerializer.Deserialize<FeedbackRequest>(body.Span, Read); }
        // The path, never the serializer's message: it names .NET types ("IReadOnlyList`1[...]").
        catch (JsonException e)
        {
            throw RequestProblem.BadRequest($"The body is not valid feedback JSON (at {e.Path ?? "$"}): see the CDS Hooks 2.0 feedback "
                + "body: {\"feedback\": [{\"card\", \"outcome\", \"outcomeTimestamp\", ...}]}.");
        }
        catch (InvalidOperationException) { throw RequestProblem.BadRequest("The body holds a string that is not valid Unicode."); }
        if (request?.Feedback is not { Count: > 0 } items) throw RequestProblem.BadRequest("'feedback' must be a non-empty array.");
        if (items.Any(i => i is null)) throw RequestProblem.BadRequest("'feedback' entries must be objects.");
        if (items.Count > feedbackOptions.Value.MaxItemsPerCall)
            throw RequestProblem.BadRequest($"At most {feedbackOptions.Value.MaxItemsPerCall} feedback items per call.");

        var now = clock.GetUtcNow();
        var records = items.Select((f, i) => Validate(f, i, serviceId, now) with { ClientId = client }).ToList();
        // Feedback only for cards this client was shown; cards issued a moment ago may still be queued on this replica.
        await recorder.FlushAsync(ct, TimeSpan.FromSeconds(1));
        var issued = await store.IssuedCardsAsync(client, records.Select(r => r.CardUuid).Distinct().ToList(), ct);
        var foreign = records.Select(r => r.CardUuid).Distinct().Where(u => !issued.ContainsKey(u)).ToList();
        if (foreign.Count > 0)
            throw RequestProblem.BadRequest($"No card with uuid {string.Join(", ", foreign.Take(5))} was issued to this client.");
        var stored = await store.RecordFeedbackAsync(records, ct);
        foreach (var record in records)
        {
            // Under the card's own rule only (v3); cards recorded before v3 count under their first listed rule.
            var card = issued[record.CardUuid];
            if ((card.RuleId.Length > 0 ? card.RuleId : card.RuleIds.FirstOrDefault()) is not { } rule) continue;
            metrics.Feedback.Add(1, new("rule_id", rule), new("outcome", record.Outcome),
                new("reason", Rules.Suppression.NonAdherenceReasons.Label(record.OverrideSystem, record.OverrideCode)));
        }
        // Remembered per patient and rule (v3): what each reason does is in Suppression/SuppressionService.cs.
        await suppression.RecordAsync(records, issued, now, ct);
        log.LogInformation("Feedback for {ServiceId}: {Count} entries, {Stored} new ({Accepted} accepted, {Overridden} overridden)",
            serviceId, records.Count, stored, records.Count(r => r.Outcome == FeedbackOutcomes.Accepted),
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
        if (f.OverrideReason?.UserComment is { Length: > MaxCommentLength })
            throw RequestProblem.BadRequest($"{at}.overrideReason.userComment is longer than {MaxCommentLength} characters.");
        var reason = f.OverrideReason?.Reason;
        if (new[] { reason?.System, reason?.Code, reason?.Display }.Any(v => v is { Length: > MaxCodingLength }))
            throw RequestProblem.BadRequest($"{at}.overrideReason.reason fields are limited to {MaxCodingLength} characters.");
        if (accepted.Count > MaxAcceptedSuggestions || accepted.Any(s => s is { Length: > MaxCodingLength }))
            throw RequestProblem.BadRequest($"{at}.acceptedSuggestions: at most {MaxAcceptedSuggestions} ids of {MaxCodingLength} "
                + $"characters.");
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
