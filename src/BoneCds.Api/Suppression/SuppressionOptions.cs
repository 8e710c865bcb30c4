namespace BoneCds.Api.Suppression;

/// <summary>
/// Section "Suppression": how long an override hides a card for that patient (clinical-rules.md v3 table; all configurable),
/// and the keys that pseudonymise patients and clinicians. Without a configured key, the SQLite default keeps one in a file
/// beside its database; PostgreSQL (several replicas) needs Keys, so every replica computes the same patient key.
/// </summary>
public sealed class SuppressionOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>HMAC keys; the first writes, every one is honoured for lookups until its HonourUntil (key rotation).</summary>
    public List<SuppressionKey> Keys { get; set; } = [];

    public int AddressedDays { get; set; } = 90;
    public int IneligibleDays { get; set; } = 365;
    public int PreferenceDays { get; set; } = 180;
    public int WorkflowHours { get; set; } = 24;

    /// <summary>
    /// How long a replica remembers "nothing suppressed for this patient" (0 turns it off): feedback given through another
    /// replica is seen within this many seconds; feedback through this one at once.
    /// </summary>
    public int NothingSuppressedCacheSeconds { get; set; } = 2;
}

public sealed class SuppressionKey
{
    public string Id { get; set; } = "";
    public string Key { get; set; } = "";

    /// <summary>For a previous key: lookups honour it until then (at most the longest duration after rotation); null: always.</summary>
    public DateTimeOffset? HonourUntil { get; set; }
}
