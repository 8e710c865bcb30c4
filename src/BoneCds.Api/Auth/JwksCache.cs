using System.Collections.Concurrent;
using BoneCds.Api.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace BoneCds.Api.Auth;

/// <summary>
/// Fetches and caches JSON Web Key Sets per URL (security review M8). Keys are refetched after <see cref="MaxAge"/>, or when a
/// token names an unknown kid (key rotation), at most once per <see cref="MinRefreshInterval"/> per URL, failures included:
/// while the EHR's JWKS endpoint is down, requests do not queue behind one fetch each. Stale keys are served through an
/// outage only up to <see cref="MaxStaleAge"/> (a key removed after a compromise stops being trusted), and an empty key set
/// never replaces a good one.
/// </summary>
public sealed class JwksCache(IHttpClientFactory http, ClinicalTime clock, ILogger<JwksCache> log)
{
    public const string ClientName = "jwks";
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxStaleAge = TimeSpan.FromHours(24);

    private sealed record Entry(IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt, DateTimeOffset LastAttempt);
    private readonly ConcurrentDictionary<string, Entry> _cache = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    public async Task<IReadOnlyList<SecurityKey>> GetKeysAsync(string url, string? kid, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(url, out var entry) && !NeedsFetch(entry, kid, now)) return Usable(entry, now);

        var gate = _locks.GetOrAdd(url, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (_cache.TryGetValue(url, out entry) && !NeedsFetch(entry, kid, now)) return Usable(entry, now);
            var attempted = clock.GetUtcNow();
            try
            {
                var json = await http.CreateClient(ClientName).GetStringAsync(url, ct);
                var keys = new JsonWebKeySet(json).GetSigningKeys().ToList();
                if (keys.Count == 0 && entry is { Keys.Count: > 0 }) throw new ArgumentException("the key set is empty");
                entry = new Entry(keys, attempted, attempted);
                log.LogInformation("Fetched JWKS with {KeyCount} signing keys", keys.Count);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ArgumentException
                or System.Text.Json.JsonException)
            {
                log.LogWarning("JWKS fetch failed: {Error}; retried after {Seconds} s", ex.GetType().Name, MinRefreshInterval.TotalSeconds);
                entry = (entry ?? new Entry([], DateTimeOffset.MinValue, attempted)) with { LastAttempt = attempted };
            }
            _cache[url] = entry;
            return Usable(entry, now);
        }
        finally { gate.Release(); }
    }

    /// <summary>A fetch is due when the keys are old or lack the kid, but never twice within the refresh floor (success or not).</summary>
    private static bool NeedsFetch(Entry entry, string? kid, DateTimeOffset now) =>
        now - entry.LastAttempt >= MinRefreshInterval
        && (now - entry.FetchedAt >= MaxAge || (kid is not null && entry.Keys.All(k => k.KeyId != kid)));

    private static IReadOnlyList<SecurityKey> Usable(Entry entry, DateTimeOffset now) => now - entry.FetchedAt <= MaxStaleAge
        ? entry.Keys : [];
}
