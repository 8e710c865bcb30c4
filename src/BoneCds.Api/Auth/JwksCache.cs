using BoneCds.Api.Hosting;
using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace BoneCds.Api.Auth;

/// <summary>
/// Fetches and caches JSON Web Key Sets per URL. Keys are refetched when a token names an unknown kid
/// (key rotation), at most once per <see cref="MinRefreshInterval"/> per URL so a flood of bad kids cannot hammer the EHR.
/// </summary>
public sealed class JwksCache(IHttpClientFactory http, ClinicalTime clock, ILogger<JwksCache> log)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(10);

    private sealed record Entry(IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt);
    private readonly ConcurrentDictionary<string, Entry> _cache = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    public async Task<IReadOnlyList<SecurityKey>> GetKeysAsync(string url, string? kid, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(url, out var e) && now - e.FetchedAt < MaxAge
            && (kid is null || e.Keys.Any(k => k.KeyId == kid) || now - e.FetchedAt < MinRefreshInterval))
            return e.Keys;

        var gate = _locks.GetOrAdd(url, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (_cache.TryGetValue(url, out e) && now - e.FetchedAt < MinRefreshInterval) return e.Keys;
            var client = http.CreateClient("jwks");
            var json = await client.GetStringAsync(url, ct);
            var keys = new JsonWebKeySet(json).GetSigningKeys().ToList();
            _cache[url] = new Entry(keys, clock.GetUtcNow());
            log.LogInformation("Fetched JWKS with {KeyCount} signing keys", keys.Count);
            return keys;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ArgumentException)
        {
            log.LogWarning("JWKS fetch failed: {Error}", ex.GetType().Name);
            return e?.Keys ?? [];
        }
        finally { gate.Release(); }
    }
}
