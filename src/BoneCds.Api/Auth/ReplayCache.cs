using System.Collections.Concurrent;
using BoneCds.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Auth;

/// <summary>Remembers (iss, jti) pairs until the token expires, so a captured token cannot be replayed.</summary>
public interface IReplayCache
{
    /// <summary>True the first time a jti is seen within its lifetime; false on replay (or when the cache is full).</summary>
    ValueTask<bool> TryRememberAsync(string issuer, string jti, DateTimeOffset expires, CancellationToken ct);
}

/// <summary>
/// The in-process replay cache (single instance; with several replicas the PostgreSQL one is shared). First-seen is atomic,
/// so the same token sent twice at once passes once; the sweep never removes an entry another thread has just renewed;
/// and the cache is bounded: when full of unexpired entries it refuses new tokens rather than forgetting old ones (M6).
/// </summary>
public sealed class ReplayCache(ClinicalTime clock, IOptionsMonitor<CdsAuthOptions> options) : IReplayCache
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new();
    private long _calls;

    public int Count => _seen.Count;

    public ValueTask<bool> TryRememberAsync(string issuer, string jti, DateTimeOffset expires, CancellationToken ct) =>
        ValueTask.FromResult(TryRemember(issuer, jti, expires));

    public bool TryRemember(string issuer, string jti, DateTimeOffset expires)
    {
        var now = clock.GetUtcNow();
        var capacity = options.CurrentValue.ReplayCacheCapacity;
        if (Interlocked.Increment(ref _calls) % 1024 == 0 || _seen.Count >= capacity) Sweep(now);
        var key = issuer + "\n" + jti;
        while (true)
        {
            if (_seen.TryGetValue(key, out var existing))
            {
                if (existing >= now) return false;                                 // replay within the lifetime
                if (_seen.TryUpdate(key, expires, existing)) return true;         // expired entry renewed, atomically
                continue;
            }
            if (_seen.Count >= capacity) return false;                            // full of live tokens: fail closed
            if (_seen.TryAdd(key, expires)) return true;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var entry in _seen)
            if (entry.Value < now) _seen.TryRemove(entry); // removes only if still the same value
    }
}
