using System.Security.Cryptography;
using System.Text.Json;
using BoneCds.Rules.Inputs;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.CdsHooks;

/// <summary>A prefetch as parsed: its resources, the entries that could not be read, and which keys were sent or failed.</summary>
public sealed record ParsedPrefetch(List<Resource> Resources, List<RejectedInput> Rejected, HashSet<string> KeysSent,
    Dictionary<string, string> Failures);

public delegate ParsedPrefetch PrefetchReader(ref Utf8JsonReader reader);

/// <summary>
/// Parse once per encounter: EHRs send the same prefetch to order-select and then order-sign. The parsed prefetch is kept
/// for a short time, keyed by the caller and a SHA-256 of the prefetch bytes, so the second call costs rules and cards only.
/// Size-bounded and short-lived: no patient data outlives <see cref="Hosting.ServiceOptions.PrefetchCacheSeconds"/>. Each replica has
/// its own; a miss (another replica, an expired entry) is only slower, never different. The parsed resources are only read
/// after parsing, so one parse can serve several calls.
/// </summary>
public sealed class PrefetchCache(IOptions<Hosting.ServiceOptions> options) : IDisposable
{
    /// <summary>
    /// Estimated memory of a parsed prefetch per byte of JSON: an upper bound set by Firely objects (README "Performance"); lean
    /// Observations keep far less, so the bound only makes the cache hold fewer prefetches than it could.
    /// </summary>
    private const int BytesPerJsonByte = 16;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.PrefetchCacheBytes });
    private long _hits;
    private long _misses;

    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The parsed prefetch for the object the reader is on: from the cache, or read (and kept) now.</summary>
    public ParsedPrefetch GetOrRead(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, string scope, PrefetchReader read)
    {
        if (options.Value.PrefetchCacheSeconds <= 0) return read(ref reader);
        var lookahead = reader;
        lookahead.Skip();
        var start = (int)reader.TokenStartIndex;
        var end = (int)lookahead.TokenStartIndex + 1;
        var key = scope + "\n" + Convert.ToHexString(SHA256.HashData(body[start..end]));
        if (_cache.TryGetValue(key, out ParsedPrefetch? cached) && cached is not null)
        {
            Interlocked.Increment(ref _hits);
            reader = lookahead;
            return cached;
        }
        Interlocked.Increment(ref _misses);
        var parsed = read(ref reader);
        _cache.Set(key, parsed, new MemoryCacheEntryOptions
        {
            Size = (long)(end - start) * BytesPerJsonByte,
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.Value.PrefetchCacheSeconds),
        });
        return parsed;
    }

    public void Dispose() => _cache.Dispose();
}
