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

    /// <summary>The provider named by <see cref="Provider"/>, or null when it names none.</summary>
    public FeedbackProvider? ProviderKind => Provider.ToLowerInvariant() switch
    {
        "sqlite" => FeedbackProvider.Sqlite,
        "postgres" or "postgresql" => FeedbackProvider.Postgres,
        _ => null,
    };
}

public enum FeedbackProvider { Sqlite, Postgres }
