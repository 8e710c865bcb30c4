using System.Runtime.CompilerServices;
using System.Text.Json;

namespace BoneCds.Rules.Fhir.Lean;

/// <summary>
/// The member names seen so far in one JSON object. JSON allows a member twice, FHIR does not, and Firely refuses such a
/// resource; a streaming reader would keep the last value ("status":"active","status":"stopped" made the critical warfarin card
/// vanish: security review 2026-12-01, M3). Names are kept as 64-bit hashes of their unescaped text ("st\u0061tus" is
/// "status"): a collision only sends the resource to Firely, which decides, as does an object with more members than are
/// tracked or a name longer than any FHIR element's.
/// </summary>
internal struct MemberNames
{
    private const int Capacity = 32;

    [InlineArray(Capacity)]
    private struct Hashes
    {
        private ulong _first;
    }

    private Hashes _hashes;
    private int _count;

    /// <summary>The reader is on a member name: true when it is new in this object, false for a repeat (or one not judged here).</summary>
    public bool TryAdd(in Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || _count == Capacity) return false;
        ulong hash;
        if (!reader.ValueIsEscaped) hash = Fnv1a(reader.ValueSpan);
        else
        {
            Span<byte> unescaped = stackalloc byte[128];
            if (reader.ValueSpan.Length > unescaped.Length) return false;
            hash = Fnv1a(unescaped[..reader.CopyString(unescaped)]);
        }
        for (var i = 0; i < _count; i++)
            if (_hashes[i] == hash) return false;
        _hashes[_count++] = hash;
        return true;
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> name)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in name) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }

    /// <summary>
    /// Skips the value the reader is on (its first token), checking every object inside it for a repeated member: false on one.
    /// The reader is left on the value's last token, as <see cref="Utf8JsonReader.Skip"/> leaves it.
    /// </summary>
    public static bool SkipValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var names = new MemberNames();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (!names.TryAdd(reader)) return false;
                    reader.Read();
                    if (!SkipValue(ref reader)) return false;
                }
                return true;
            case JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    if (!SkipValue(ref reader)) return false;
                return true;
            default:
                return true;
        }
    }
}
