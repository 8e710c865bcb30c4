using BoneCds.Api.Hosting;
using System.Collections.Concurrent;

namespace BoneCds.Api.Auth;

/// <summary>
/// Remembers (iss, jti) pairs until the token expires, so a captured token cannot be replayed.
/// In-process: with several instances behind a load balancer, use sticky routing or accept per-instance detection (README).
/// </summary>
public sealed class ReplayCache(ClinicalTime clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new();
    private long _calls;

    /// <summary>True the first time a jti is seen within its lifetime; false on replay.</summary>
    public bool TryRemember(string issuer, string jti, DateTimeOffset expires)
    {
        var now = clock.GetUtcNow();
        if (Interlocked.Increment(ref _calls) % 1024 == 0)
            foreach (var (k, exp) in _seen)
                if (exp < now) _seen.TryRemove(k, out _);
        var key = issuer + "\n" + jti;
        if (_seen.TryGetValue(key, out var existing) && existing >= now) return false;
        _seen[key] = expires;
        return true;
    }
}
