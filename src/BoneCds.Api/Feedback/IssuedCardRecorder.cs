using System.Threading.Channels;

namespace BoneCds.Api.Feedback;

/// <summary>
/// Records issued cards (uuid -> rule ids) off the hook's hot path: the hook enqueues, a background loop writes.
/// When the queue is full the oldest batch is dropped and counted, rather than making the clinician wait.
/// </summary>
public sealed class IssuedCardRecorder(IFeedbackStore store, ILogger<IssuedCardRecorder> log) : BackgroundService
{
    private readonly Channel<IReadOnlyList<IssuedCard>> _queue = Channel.CreateBounded<IReadOnlyList<IssuedCard>>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private int _pending;

    public void Enqueue(IReadOnlyList<IssuedCard> cards)
    {
        if (cards.Count == 0) return;
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(cards)) Interlocked.Decrement(ref _pending);
    }

    /// <summary>Waits until everything queued so far is written (tests).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        while (Volatile.Read(ref _pending) > 0) await Task.Delay(10, ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Everything queued while the last write ran goes in one transaction.
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            var cards = new List<IssuedCard>();
            var batches = 0;
            while (batches < 500 && _queue.Reader.TryRead(out var batch)) { cards.AddRange(batch); batches++; }
            try { await store.RecordIssuedCardsAsync(cards, stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogError("Recording issued cards failed: {Error}",
                e.GetType().Name); }
            finally { Interlocked.Add(ref _pending, -batches); }
        }
    }
}
