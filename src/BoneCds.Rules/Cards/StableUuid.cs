using System.Security.Cryptography;
using System.Text;

namespace BoneCds.Rules.Cards;

/// <summary>
/// Card and suggestion uuids derived from the hook instance and the card's key: the same call gives the same uuids,
/// and feedback can be joined back to rules.
/// </summary>
public static class StableUuid
{
    /// <summary>Deterministic UUID (v5-style, SHA-256 based).</summary>
    public static string For(string hookInstance, string key)
    {
        // SHA-256 of "hookInstance|key" in UTF-8, hashed from the stack (a few of these per card, on every hook).
        var length = Encoding.UTF8.GetByteCount(hookInstance) + 1 + Encoding.UTF8.GetByteCount(key);
        Span<byte> text = length <= 512 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(hookInstance, text);
        text[written++] = (byte)'|';
        Encoding.UTF8.GetBytes(key, text[written..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(text, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }
}
