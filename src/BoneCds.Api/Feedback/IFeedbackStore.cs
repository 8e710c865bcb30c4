namespace BoneCds.Api.Feedback;

public interface IFeedbackStore
{
    Task InitializeAsync(CancellationToken ct);
    Task RecordIssuedCardsAsync(IReadOnlyList<IssuedCard> cards, CancellationToken ct);
    /// <summary>The issued cards of the list that were issued to this client, by uuid.</summary>
    Task<IReadOnlyDictionary<string, IssuedCard>> IssuedCardsAsync(string clientId, IReadOnlyCollection<string> cardUuids,
        CancellationToken ct);
    /// <summary>Insert-or-extend: an existing suppression of the same patient, rule and clinician keeps the later end.</summary>
    Task SuppressAsync(IReadOnlyList<SuppressionRecord> suppressions, CancellationToken ct);
    /// <summary>Suppressions of these patient pseudonyms that have not ended: one query per hook, all rules at once.</summary>
    Task<IReadOnlyList<SuppressionRecord>> LiveSuppressionsAsync(IReadOnlyCollection<string> patientKeys, DateTimeOffset now,
        CancellationToken ct);
    /// <summary>Lifts every suppression of a patient (all its pseudonyms), or only one rule's; returns how many.</summary>
    Task<int> LiftSuppressionsAsync(IReadOnlyCollection<string> patientKeys, string? ruleId, CancellationToken ct);
    /// <summary>Stores the items; an item already stored (a retry) is ignored. Returns how many were new.</summary>
    Task<int> RecordFeedbackAsync(IReadOnlyList<FeedbackRecord> feedback, CancellationToken ct);
    /// <summary>Per rule, for one client or all.</summary>
    Task<FeedbackSummary> SummariseAsync(string? clientId, CancellationToken ct);
    Task PurgeAsync(DateTimeOffset commentsBefore, DateTimeOffset cardsBefore, CancellationToken ct,
        DateTimeOffset? suppressionsEndedBefore = null);
    /// <summary>Throws when the store cannot be reached (readiness).</summary>
    Task PingAsync(CancellationToken ct);
}
