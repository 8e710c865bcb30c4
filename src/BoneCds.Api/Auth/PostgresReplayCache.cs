using BoneCds.Api.Hosting;
using Npgsql;

namespace BoneCds.Api.Auth;

/// <summary>
/// The replay cache shared by every replica (the "several replicas share state"): first-seen is one
/// insert-if-absent on PostgreSQL, so a token used on one pod is refused on every other; rows expire with their token and
/// are purged. If the database cannot be reached, the pod's own cache stands in (replays across pods are then possible
/// for the outage only, and the log says so): hooks keep answering.
/// </summary>
public sealed class PostgresReplayCache(NpgsqlDataSource database, ReplayCache local, ClinicalTime clock, ILogger<PostgresReplayCache> log)
    : IReplayCache
{
    private readonly AsyncOnce _schema = new();
    private long _calls;

    public async ValueTask<bool> TryRememberAsync(string issuer, string jti, DateTimeOffset expires, CancellationToken ct)
    {
        try
        {
            await _schema.RunAsync(CreateSchemaAsync, ct);
            if (Interlocked.Increment(ref _calls) % 1024 == 0) await PurgeAsync(ct);
            await using var cmd = database.CreateCommand("""
                INSERT INTO jti_replay (replay_key, expires_at) VALUES (@key, @expires)
                ON CONFLICT (replay_key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE jti_replay.expires_at < @now
                """);
            // The service's clock, not the database's: token lifetimes are judged by one clock on every replica.
            cmd.Parameters.AddWithValue("now", clock.GetUtcNow().UtcDateTime);
            cmd.Parameters.AddWithValue("key", issuer + "\n" + jti);
            cmd.Parameters.AddWithValue("expires", expires.UtcDateTime);
            // One row written: first seen (or its earlier use has expired). None: a replay.
            if (await cmd.ExecuteNonQueryAsync(ct) != 1) return false;
            local.TryRemember(issuer, jti, expires); // also known here, should the database go away within its lifetime
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            log.LogWarning("Shared replay cache unavailable ({Error}): this pod's own cache is used", e.GetType().Name);
            return local.TryRemember(issuer, jti, expires);
        }
    }

    private async Task CreateSchemaAsync(CancellationToken ct)
    {
        await using var cmd = database.CreateCommand("""
            CREATE TABLE IF NOT EXISTS jti_replay (replay_key TEXT PRIMARY KEY, expires_at TIMESTAMPTZ NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_jti_replay_expires ON jti_replay (expires_at);
            """);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task PurgeAsync(CancellationToken ct)
    {
        await using var cmd = database.CreateCommand("DELETE FROM jti_replay WHERE expires_at < @now");
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow().UtcDateTime);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
