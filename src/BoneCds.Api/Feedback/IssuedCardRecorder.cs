using System.Threading.Channels;
using BoneCds.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Feedback;

/// <summary>
/// Records issued cards (uuid -> client and rule ids) off the hook's hot path: the hook enqueues, a background loop writes.
/// When the queue is full the oldest batch is dropped, counted and logged, rather than making the clinician wait (L6); what
/// is queued at shutdown is written before the loop ends. The same loop applies the retention windows (L12).
/// </summary>
public sealed class IssuedCardRecorder : BackgroundService
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(6);
    private readonly IFeedbackStore _store;
    private readonly ILogger<IssuedCardRecorder> _log;
    private readonly IOptions<FeedbackOptions> _options;
    private readonly ClinicalTime _clock;
    private readonly Channel<IReadOnlyList<IssuedCard>> _queue;
    private int _pending;
    private long _dropped;
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    public IssuedCardRecorder(IFeedbackStore store, ILogger<IssuedCardRecorder> log, IOptions<FeedbackOptions> options, ClinicalTime clock)
    {
        (_store, _log, _options, _clock) = (store, log, options, clock);
        _queue = Channel.CreateBounded<IReadOnlyList<IssuedCard>>(
            new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true }, Dropped);
    }

    /// <summary>Batches dropped because the queue was full (the store was too slow or down).</summary>
    public long DroppedBatches => Interlocked.Read(ref _dropped);

    private void Dropped(IReadOnlyList<IssuedCard> batch)
    {
        Interlocked.Decrement(ref _pending);
        if (Interlocked.Increment(ref _dropped) % 1000 == 1)
            _log.LogWarning("Issued-card queue full: {Dropped} batches dropped so far (feedback on them will be refused)", DroppedBatches);
    }

    public void Enqueue(IReadOnlyList<IssuedCard> cards)
    {
        if (cards.Count == 0) return;
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(cards)) Interlocked.Decrement(ref _pending);
    }

    /// <summary>Waits until everything queued so far is written, or the time is up.</summary>
    public async Task FlushAsync(CancellationToken ct, TimeSpan? atMost = null)
    {
        var until = DateTime.UtcNow + (atMost ?? TimeSpan.FromSeconds(30));
        while (Volatile.Read(ref _pending) > 0 && DateTime.UtcNow < until) await Task.Delay(5, ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken)) await WriteQueuedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: write what is still queued, briefly, so a rolling restart loses nothing.
            using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await WriteQueuedAsync(drain.Token); }
            catch (OperationCanceledException) { _log.LogWarning("Issued cards still queued at shutdown were not written"); }
        }
    }

    private async Task WriteQueuedAsync(CancellationToken ct)
    {
        // Everything queued while the last write ran goes in one transaction.
        var cards = new List<IssuedCard>();
        var batches = 0;
        while (batches < 500 && _queue.Reader.TryRead(out var batch)) { cards.AddRange(batch); batches++; }
        try { await _store.RecordIssuedCardsAsync(cards, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError("Recording issued cards failed: {Error}", e.GetType().Name);
        }
        finally { Interlocked.Add(ref _pending, -batches); }
        await PurgeIfDueAsync(ct);
    }

    private async Task PurgeIfDueAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        if (now - _lastPurge < PurgeEvery) return;
        _lastPurge = now;
        try
        {
            await _store.PurgeAsync(now.AddDays(-_options.Value.UserCommentRetentionDays),
                now.AddDays(-_options.Value.IssuedCardRetentionDays), ct, suppressionsEndedBefore: now);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError("Feedback retention purge failed: {Error}", e.GetType().Name);
        }
    }
}
