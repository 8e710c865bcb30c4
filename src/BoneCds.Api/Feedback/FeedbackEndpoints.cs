using System.Globalization;
using System.Text.Json;
using BoneCds.Api.Auth;
using BoneCds.Api.CdsHooks;
using BoneCds.Api.Errors;
using BoneCds.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Feedback;

public static class FeedbackEndpoints
{
    private static readonly JsonSerializerOptions Read = new(JsonSerializerDefaults.Web);

    public static void MapFeedback(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cds-services/{id}/feedback", Post)
            .AddEndpointFilter<CdsAuthFilter>()
            .WithTags("CDS Hooks").WithName("Feedback")
            .WithSummary("CDS Hooks 2.0 feedback: the clinician accepted or overrode a card")
            .Accepts<FeedbackRequest>("application/json")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/v1/feedback/summary", async (IFeedbackStore store, HttpContext http, CancellationToken ct) =>
            {
                try { return Results.Json(await store.SummariseAsync(ct), JsonDefaults.Api); }
                catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
                {
                    return Problems.From(new RequestProblem(503, "Feedback store unavailable", $"The summary could not be read ({e.GetType().Name})."), http);
                }
            })
            .AddEndpointFilter<SummaryApiKeyFilter>()
            .WithTags("Feedback").WithName("FeedbackSummary")
            .WithSummary("Accepted / overridden counts per rule id, with override reasons (requires X-Api-Key)")
            .Produces<FeedbackSummary>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> Post(string id, HttpContext http, IFeedbackStore store, ClinicalTime clock,
        IOptions<ServiceOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        var log = loggers.CreateLogger("BoneCds.Feedback");
        if (CdsServiceCatalog.Find(id) is null)
            return Problems.From(RequestProblem.UnknownService(id), http);
        try
        {
            var body = await BodyReader.ReadJsonAsync(http.Request, options.Value.MaxRequestBodyBytes, ct);
            FeedbackRequest? request;
            try { request = JsonSerializer.Deserialize<FeedbackRequest>(body, Read); }
            catch (JsonException e) { throw RequestProblem.BadRequest($"The body is not valid feedback JSON: {e.Message}"); }
            if (request?.Feedback is not { Count: > 0 } items) throw RequestProblem.BadRequest("'feedback' must be a non-empty array.");
            if (items.Any(i => i is null)) throw RequestProblem.BadRequest("'feedback' entries must be objects.");

            var now = clock.GetUtcNow();
            var records = items.Select((f, i) => Validate(f, i, id, now)).ToList();
            await store.RecordFeedbackAsync(records, ct);
            log.LogInformation("Feedback stored for {ServiceId}: {Count} entries ({Accepted} accepted, {Overridden} overridden)",
                id, records.Count, records.Count(r => r.Outcome == "accepted"), records.Count(r => r.Outcome == "overridden"));
            return Results.Ok();
        }
        catch (RequestProblem p) { return Problems.From(p, http); }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            log.LogError("Feedback store unavailable: {Error}", e.GetType().Name);
            return Problems.From(new RequestProblem(503, "Feedback store unavailable", "Feedback could not be stored; please retry."), http);
        }
    }

    private static FeedbackRecord Validate(FeedbackItem f, int i, string serviceId, DateTimeOffset now)
    {
        var at = $"feedback[{i}]";
        if (string.IsNullOrWhiteSpace(f.Card) || !Guid.TryParse(f.Card, out _)) throw RequestProblem.BadRequest($"{at}.card must be the uuid of a card.");
        if (f.Outcome is not ("accepted" or "overridden")) throw RequestProblem.BadRequest($"{at}.outcome must be 'accepted' or 'overridden'.");
        if (f.OutcomeTimestamp is null || !DateTimeOffset.TryParse(f.OutcomeTimestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ts))
            throw RequestProblem.BadRequest($"{at}.outcomeTimestamp is required (ISO 8601).");
        var accepted = f.AcceptedSuggestions?.Select(s => s.Id).ToList() ?? [];
        if (f.Outcome == "accepted" && (accepted.Count == 0 || accepted.Any(string.IsNullOrWhiteSpace)))
            throw RequestProblem.BadRequest($"{at}.acceptedSuggestions (with ids) is required when the outcome is 'accepted'.");
        if (f.Outcome == "overridden" && accepted.Count > 0)
            throw RequestProblem.BadRequest($"{at}.acceptedSuggestions must be absent when the outcome is 'overridden'.");
        if (f.Outcome == "accepted" && f.OverrideReason is not null)
            throw RequestProblem.BadRequest($"{at}.overrideReason is only for 'overridden' outcomes.");
        if (f.OverrideReason?.UserComment is { Length: > 2000 }) throw RequestProblem.BadRequest($"{at}.overrideReason.userComment is too long.");
        return new FeedbackRecord(f.Card, serviceId, f.Outcome, accepted!, f.OverrideReason?.Reason?.System, f.OverrideReason?.Reason?.Code,
            f.OverrideReason?.Reason?.Display, f.OverrideReason?.UserComment, ts, now);
    }
}

/// <summary>The feedback summary is for the clinical governance team: it needs one of the configured X-Api-Key values.</summary>
public sealed class SummaryApiKeyFilter(IOptionsMonitor<FeedbackOptions> feedback, IOptionsMonitor<CdsAuthOptions> auth) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers["X-Api-Key"].ToString();
        var ok = auth.CurrentValue.AllowUnauthenticated
                 || (key.Length > 0 && feedback.CurrentValue.SummaryApiKeys.Any(k => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                     System.Text.Encoding.UTF8.GetBytes(k), System.Text.Encoding.UTF8.GetBytes(key))));
        if (ok) return await next(context);
        return Problems.From(new RequestProblem(401, "Unauthorized", "A valid X-Api-Key header is required for the feedback summary."), http);
    }
}
