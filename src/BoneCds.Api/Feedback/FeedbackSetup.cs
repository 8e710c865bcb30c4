using Microsoft.Data.Sqlite;
using Npgsql;

namespace BoneCds.Api.Feedback;

public static class FeedbackSetup
{
    public static IServiceCollection AddFeedbackStore(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        var o = config.GetSection("Feedback").Get<FeedbackOptions>() ?? new FeedbackOptions();
        services.Configure<FeedbackOptions>(config.GetSection("Feedback"));
        services.AddSingleton<IFeedbackStore>(_ => o.Provider.ToLowerInvariant() switch
        {
            "postgres" or "postgresql" => PostgresStore(o.PostgresConnectionString
                ?? throw new InvalidOperationException("Feedback:PostgresConnectionString is required when Feedback:Provider is postgres.")),
            "sqlite" => SqliteStore(Path.IsPathRooted(o.SqlitePath) ? o.SqlitePath : Path.Combine(contentRoot, o.SqlitePath)),
            _ => throw new InvalidOperationException($"Unknown Feedback:Provider '{o.Provider}' (sqlite or postgres)."),
        });
        services.AddSingleton<IssuedCardRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<IssuedCardRecorder>());
        return services;
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
