namespace BoneCds.Api.Feedback;

public interface IFeedbackStore
{
    Task InitializeAsync(CancellationToken ct);
    Task RecordIssuedCardsAsync(IReadOnlyList<IssuedCard> cards, CancellationToken ct);
    /// <summary>The card uuids of the list that were not issued to this client.</summary>
    Task<IReadOnlyList<string>> CardsNotIssuedToAsync(string clientId, IReadOnlyCollection<string> cardUuids, CancellationToken ct);
    /// <summary>The rule ids behind each of these cards issued to the client.</summary>
    Task<IReadOnlyDictionary<string,
        string[]>> RuleIdsOfAsync(string clientId, IReadOnlyCollection<string> cardUuids, CancellationToken ct);
    /// <summary>Stores the items; an item already stored (a retry) is ignored. Returns how many were new.</summary>
    Task<int> RecordFeedbackAsync(IReadOnlyList<FeedbackRecord> feedback, CancellationToken ct);
    /// <summary>Per rule, for one client or all.</summary>
    Task<FeedbackSummary> SummariseAsync(string? clientId, CancellationToken ct);
    Task PurgeAsync(DateTimeOffset commentsBefore, DateTimeOffset cardsBefore, CancellationToken ct);
    /// <summary>Throws when the store cannot be reached (readiness).</summary>
    Task PingAsync(CancellationToken ct);
}
