namespace BoneCds.Api.Feedback;

public interface IFeedbackStore
{
    Task InitializeAsync(CancellationToken ct);
    Task RecordIssuedCardsAsync(IReadOnlyList<IssuedCard> cards, CancellationToken ct);
    Task RecordFeedbackAsync(IReadOnlyList<FeedbackRecord> feedback, CancellationToken ct);
    Task<FeedbackSummary> SummariseAsync(CancellationToken ct);
    /// <summary>Throws when the store cannot be reached (readiness).</summary>
    Task PingAsync(CancellationToken ct);
}
