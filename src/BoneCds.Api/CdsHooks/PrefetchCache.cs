using System.IO.Hashing;
using System.Text.Json;
using BoneCds.Rules.Inputs;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.CdsHooks;

/// <summary>A prefetch as parsed: its resources, the entries that could not be read, and which keys were sent or failed.</summary>
public sealed record ParsedPrefetch(List<Resource> Resources, List<RejectedInput> Rejected, HashSet<string> KeysSent,
    Dictionary<string, string> Failures)
{
    /// <summary>Resource types sent under keys that are not this service's templates (an EHR still using an older key name,
    /// such as "observations"): a template key of such a type is then not missing.</summary>
    public HashSet<string> TypesUnderOtherKeys { get; } = [];

    /// <summary>Keys the client sent as JSON null: it tried (CDS Hooks: the data could not be prefetched), so no 412 for them.</summary>
    public HashSet<string> KeysSentAsNull { get; } = [];

    /// <summary>Template keys whose searchset has a next link (a first page only), with that link.</summary>
    public Dictionary<string, string> NextLinks { get; } = [];
}

public delegate ParsedPrefetch PrefetchReader(ref Utf8JsonReader reader);

/// <summary>
/// Parse once per encounter: EHRs send the same prefetch to order-select and then order-sign. The parsed prefetch is kept
/// for a short time for the caller that sent it, with a copy of its bytes, and reused only when the new prefetch is the same
/// bytes (compared in full, not trusted to a hash), so the second call costs rules and cards only.
/// Size-bounded (each entry costed by what it keeps; none over a quarter of the budget) and short-lived: no patient data
/// outlives <see cref="Hosting.ServiceOptions.PrefetchCacheSeconds"/>. Each replica has
/// its own; a miss (another replica, an expired entry) is only slower, never different. The parsed resources are only read
/// after parsing, so one parse can serve several calls.
/// </summary>
public sealed class PrefetchCache(IOptions<Hosting.ServiceOptions> options) : IDisposable
{
    /// <summary>
    /// Estimated memory of a parsed prefetch per byte of its JSON, the kept copy included. Measured on the 50-observation payload
    /// (objects still reachable after a full GC): 2.8 with the lean readers, 6.9 with Firely's POCOs throughout; rounded up.
    /// Too high an estimate only makes the cache hold fewer prefetches than its budget allows.
    /// </summary>
    private static int BytesPerJsonByte => Rules.Fhir.FhirResourceParser.LeanResources ? 4 : 8;

    internal readonly record struct Key(string Scope, int Length, ulong Hash);

    internal sealed record Entry(byte[] Json, ParsedPrefetch Parsed);

    private readonly MemoryCache _cache =
        new(new MemoryCacheOptions { SizeLimit = options.Value.PrefetchCacheBytes, TrackStatistics = true });
    private long _hits;
    private long _misses;

    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);
    /// <summary>Prefetches kept now, and what they are costed at (bytes).</summary>
    public long Count => _cache.Count;
    public long CostKept => _cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    /// <summary>A prefetch parsed now, kept only once the whole request it came in has been accepted.</summary>
    public sealed class Pending
    {
        internal Key Key { get; init; }
        internal Entry Entry { get; init; } = null!;
        internal long Cost { get; init; }
    }

    /// <summary>
    /// The parsed prefetch for the object the reader is on (<paramref name="body"/> being the bytes the reader reads): from the
    /// cache, or read now, in which case <paramref name="pending"/> is what <see cref="Keep"/> stores once the request is
    /// accepted (a refused request's prefetch is never kept). The reader is left on the object's end in both cases: the same
    /// bytes are read identically on a hit and on a miss.
    /// </summary>
    public ParsedPrefetch GetOrRead(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, string scope, PrefetchReader read,
        out Pending? pending)
    {
        pending = null;
        if (options.Value.PrefetchCacheSeconds <= 0) return read(ref reader);
        var start = (int)reader.TokenStartIndex;
        // CDS Hooks requests usually end with the prefetch: then its end is found from the body's last bytes, and a prefetch
        // seen before costs a hash and a comparison, not a walk over its JSON.
        var guessedEnd = EndIfLastMember(body, start);
        if (guessedEnd is { } last && Find(scope, body[start..last]) is { } guessed)
        {
            Interlocked.Increment(ref _hits);
            reader = ContinueAfterObject(reader, body[last..]);
            return guessed.Parsed;
        }
        var lookahead = reader;
        lookahead.Skip();
        var end = (int)lookahead.TokenStartIndex + 1;
        if (end != guessedEnd && Find(scope, body[start..end]) is { } found)
        {
            Interlocked.Increment(ref _hits);
            reader = lookahead;
            return found.Parsed;
        }
        Interlocked.Increment(ref _misses);
        var parsed = read(ref reader);
        // The read must end where the JSON says the prefetch ends (review 2026-12-01, M2: a reader left elsewhere read prefetch
        // members as request members on a miss, and not on a hit).
        if (reader.TokenStartIndex != lookahead.TokenStartIndex || reader.CurrentDepth != lookahead.CurrentDepth)
            throw Errors.RequestProblem.BadRequest("'prefetch' could not be read to its end.");
        var json = body[start..end];
        var cost = Cost(json.Length, parsed);
        if (cost <= options.Value.PrefetchCacheBytes / 4)
            pending = new Pending { Key = KeyOf(scope, json), Entry = new Entry(json.ToArray(), parsed), Cost = cost };
        return parsed;
    }

    /// <summary>Stores a prefetch read by <see cref="GetOrRead"/> for the request that has now been accepted.</summary>
    public void Keep(Pending? pending)
    {
        if (pending is null) return;
        _cache.Set(pending.Key, pending.Entry, new MemoryCacheEntryOptions
        {
            Size = pending.Cost,
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.Value.PrefetchCacheSeconds),
        });
    }

    /// <summary>
    /// What keeping a parsed prefetch costs: its JSON at the measured rate, plus its rejected entries, which are kept apart from
    /// the JSON (a prefetch of empty entries kept 58 bytes per byte when only the JSON was counted).
    /// </summary>
    internal static long Cost(int jsonLength, ParsedPrefetch parsed) =>
        (long)jsonLength * BytesPerJsonByte
        + parsed.Rejected.Sum(r => 96L + 2L * (r.Source.Length + r.Reason.Length))
        + parsed.Failures.Sum(f => 64L + 2L * (f.Key.Length + f.Value.Length));

    private static Key KeyOf(string scope, ReadOnlySpan<byte> json) => new(scope, json.Length, XxHash3.HashToUInt64(json));

    /// <summary>The entry holding exactly these bytes: the hash only finds the candidate, the bytes decide.</summary>
    private Entry? Find(string scope, ReadOnlySpan<byte> json) =>
        _cache.TryGetValue(KeyOf(scope, json), out Entry? entry) && entry is not null && json.SequenceEqual(entry.Json) ? entry : null;

    /// <summary>
    /// Where the object starting at <paramref name="start"/> ends if it is the last member of the body's object ("…}" then
    /// only whitespace and the closing "}"), or null. Only a guess: it is right when the bytes up to it equal a whole object
    /// read before, since an object's end is decided by its own bytes.
    /// </summary>
    private static int? EndIfLastMember(ReadOnlySpan<byte> body, int start)
    {
        var close = body.TrimEnd(" \t\r\n"u8);
        if (close.Length == 0 || close[^1] != (byte)'}') return null;
        var inner = close[..^1].TrimEnd(" \t\r\n"u8);
        return inner.Length > start + 1 && inner[^1] == (byte)'}' ? inner.Length : null;
    }

    /// <summary>
    /// A reader that continues after the object <paramref name="reader"/> is on, over <paramref name="rest"/> (the bytes after the
    /// object): the object's bytes are known to be a whole object, so its end state is that of an empty one.
    /// </summary>
    private static Utf8JsonReader ContinueAfterObject(Utf8JsonReader reader, ReadOnlySpan<byte> rest)
    {
        var close = new Utf8JsonReader("}"u8, isFinalBlock: false, reader.CurrentState);
        close.Read();
        return new Utf8JsonReader(rest, isFinalBlock: true, close.CurrentState);
    }

    public void Dispose() => _cache.Dispose();
}
