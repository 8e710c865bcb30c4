using BoneCds.Api.Errors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BoneCds.Api.Feedback;

public static class FeedbackSetup
{
    /// <summary>Section "Feedback", validated at start-up: a configuration mistake fails with its own message, not as an outage.</summary>
    public static IServiceCollection AddFeedbackStore(this IServiceCollection services, string contentRoot)
    {
        services.AddOptions<FeedbackOptions>().BindConfiguration("Feedback")
            .Validate(o => o.ProviderKind is not null, "Feedback:Provider must be sqlite or postgres")
            .Validate(o => o.MaxItemsPerCall > 0 && o.UserCommentRetentionDays > 0 && o.IssuedCardRetentionDays > 0,
                "Feedback limits and retention windows must be positive")
            .Validate(o => o.ProviderKind != FeedbackProvider.Postgres || !string.IsNullOrWhiteSpace(o.PostgresConnectionString),
                "Feedback:PostgresConnectionString is required when Feedback:Provider is postgres")
            .ValidateOnStart();
        services.AddSingleton<IFeedbackStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<FeedbackOptions>>().Value;
            return o.ProviderKind == FeedbackProvider.Postgres
                ? PostgresStore(o.PostgresConnectionString!)
                : SqliteStore(Path.IsPathRooted(o.SqlitePath) ? o.SqlitePath : Path.Combine(contentRoot, o.SqlitePath));
        });
        services.AddSingleton<IssuedCardRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<IssuedCardRecorder>());
        services.AddHealthChecks().AddCheck<FeedbackStoreHealthCheck>("feedback-store", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// The feedback store is not in the hook's path: if its database is down, hooks still answer, readiness says so,
    /// and the tables are created on first use once it is back.
    /// </summary>
    public static async Task InitializeFeedbackStoreAsync(this WebApplication app)
    {
        try { await app.Services.GetRequiredService<IFeedbackStore>().InitializeAsync(CancellationToken.None); }
        catch (Exception e) when (BoneCdsExceptionHandler.IsStoreOutage(e))
        {
            app.Logger.LogError("Feedback store unavailable at start-up: {Error}", e.GetType().Name);
        }
    }

    public static SqlFeedbackStore SqliteStore(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        return new SqlFeedbackStore(() => new SqliteConnection(cs), SqlFeedbackStore.Dialect.Sqlite);
    }

    public static SqlFeedbackStore PostgresStore(string connectionString)
    {
        var source = NpgsqlDataSource.Create(connectionString);
        return new SqlFeedbackStore(() => source.CreateConnection(), SqlFeedbackStore.Dialect.Postgres);
    }
}
