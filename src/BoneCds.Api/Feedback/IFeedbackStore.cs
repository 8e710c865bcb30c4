namespace BoneCds.Api.Feedback;

public interface IFeedbackStore
{
    Task InitializeAsync(CancellationToken ct);
    Task RecordIssuedCardsAsync(IReadOnlyList<IssuedCard> cards, CancellationToken ct);
    Task RecordFeedbackAsync(IReadOnlyList<FeedbackRecord> feedback, CancellationToken ct);
    Task<FeedbackSummary> SummariseAsync(CancellationToken ct);
}
