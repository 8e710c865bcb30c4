namespace BoneCds.Api.Feedback;

/// <summary>Section "Feedback".</summary>
public sealed class FeedbackOptions
{
    /// <summary>sqlite (default, embedded file) or postgres.</summary>
    public string Provider { get; set; } = "sqlite";
    /// <summary>SQLite file; relative paths are under the content root.</summary>
    public string SqlitePath { get; set; } = "data/bonecds-feedback.db";
    /// <summary>Npgsql connection string when Provider is postgres.</summary>
    public string? PostgresConnectionString { get; set; }
    /// <summary>API keys (X-Api-Key) allowed to read the feedback summary. None configured: nobody can, unless the development flag is
    /// on.</summary>
    public List<string> SummaryApiKeys { get; set; } = [];
    /// <summary>Most feedback items in one call (CDS Hooks sends one per card).</summary>
    public int MaxItemsPerCall { get; set; } = 50;
    /// <summary>Days a clinician's free-text override comment (which may hold PHI) is kept before it is blanked.</summary>
    public int UserCommentRetentionDays { get; set; } = 90;
    /// <summary>Days an issued-card record is kept (the join from a card to its rules).</summary>
    public int IssuedCardRetentionDays { get; set; } = 400;

    /// <summary>The provider named by <see cref="Provider"/>, or null when it names none.</summary>
    public FeedbackProvider? ProviderKind => Provider.ToLowerInvariant() switch
    {
        "sqlite" => FeedbackProvider.Sqlite,
        "postgres" or "postgresql" => FeedbackProvider.Postgres,
        _ => null,
    };
}

public enum FeedbackProvider { Sqlite, Postgres }
