using BoneCds.Api.Auth;
using BoneCds.Api.Errors;
using Microsoft.Extensions.Diagnostics.HealthChecks;
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
            .Validate(o => !o.SummaryApiKeys.Any(Hosting.PlaceholderSecret.Is)
                    && !Hosting.PlaceholderSecret.Is(o.PostgresConnectionString),
                "a Feedback secret (SummaryApiKeys, PostgresConnectionString) is still a placeholder: set it from the Secret")
            .ValidateOnStart();
        // One connection pool for everything kept in PostgreSQL (feedback, issued cards, the shared replay cache).
        services.AddSingleton(sp =>
            NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<FeedbackOptions>>().Value.PostgresConnectionString!));
        services.AddSingleton<IFeedbackStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<FeedbackOptions>>().Value;
            return o.ProviderKind == FeedbackProvider.Postgres
                ? PostgresStore(sp.GetRequiredService<NpgsqlDataSource>())
                : SqliteStore(Path.IsPathRooted(o.SqlitePath) ? o.SqlitePath : Path.Combine(contentRoot, o.SqlitePath));
        });
        // With PostgreSQL, the jti replay cache is shared by every replica; with SQLite (one instance) it stays in memory.
        services.AddSingleton<IReplayCache>(sp =>
            sp.GetRequiredService<IOptions<FeedbackOptions>>().Value.ProviderKind == FeedbackProvider.Postgres
                ? ActivatorUtilities.CreateInstance<PostgresReplayCache>(sp)
                : sp.GetRequiredService<ReplayCache>());
        services.AddSingleton<IssuedCardRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<IssuedCardRecorder>());
        // Readiness means "can answer hooks": the feedback store reports Degraded, never Unhealthy (M7).
        services.AddHealthChecks().AddCheck<FeedbackStoreHealthCheck>("feedback-store", failureStatus: HealthStatus.Degraded,
            tags: ["store"]);
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
            // One line that says what to fix; hooks are served regardless, readiness reports the store.
            app.Logger.LogError("Feedback store unavailable at start-up: {Error}; hooks are served, feedback answers 503 until it is "
                + "back", e is StoreUnavailableException ? e.Message : e.GetType().Name);
        }
    }

    /// <summary>
    /// The embedded store. Its folder is created on first use, not here: an unwritable location is then an outage of the store
    /// (one clear log line, readiness degraded, feedback answered 503), and hooks keep answering, instead of a host that dies
    /// with a stack trace at start-up.
    /// </summary>
    public static SqlFeedbackStore SqliteStore(string path)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        return new SqlFeedbackStore(() =>
        {
            try { Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StoreUnavailableException($"the SQLite folder for Feedback:SqlitePath is not writable ({e.GetType().Name})", e);
            }
            return new SqliteConnection(cs);
        }, SqlFeedbackStore.Dialect.Sqlite);
    }

    /// <summary>The store cannot be reached or written: counted as an outage (503 on feedback, readiness degraded).</summary>
    public sealed class StoreUnavailableException(string message, Exception inner) : System.Data.Common.DbException(message, inner);

    public static SqlFeedbackStore PostgresStore(NpgsqlDataSource source) =>
        new(() => source.CreateConnection(), SqlFeedbackStore.Dialect.Postgres);
}
