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
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(hookInstance + "|" + key));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
