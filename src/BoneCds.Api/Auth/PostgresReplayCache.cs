using BoneCds.Api.Hosting;
using Npgsql;

namespace BoneCds.Api.Auth;

/// <summary>
/// The replay cache shared by every replica (the "several replicas share state"): first-seen is one
/// insert-if-absent on PostgreSQL, so a token used on one pod is refused on every other; rows expire with their token and
/// are purged. If the database cannot be reached, the pod's own cache stands in (replays across pods are then possible
/// for the outage only, and the log says so): hooks keep answering. Any other database error fails closed: the token is
/// refused (security review 2026-12-01, L5: a 3 KB or NUL-bearing jti made PostgreSQL throw, and each pod then accepted the
/// same token from its own cache). Rows are keyed on SHA-256 of (issuer, jti): fixed length, no character PostgreSQL refuses.
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
            cmd.Parameters.AddWithValue("key", Key(issuer, jti));
            cmd.Parameters.AddWithValue("expires", expires.UtcDateTime);
            // One row written: first seen (or its earlier use has expired). None: a replay.
            if (await cmd.ExecuteNonQueryAsync(ct) != 1) return false;
            local.TryRemember(issuer, jti, expires); // also known here, should the database go away within its lifetime
            return true;
        }
        catch (PostgresException e)
        {
            // The server answered with an error: not an outage, so no fallback that a crafted token could steer into.
            log.LogError("Shared replay cache refused the write ({SqlState}): the token is refused", e.SqlState);
            return false;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            log.LogWarning("Shared replay cache unavailable ({Error}): this pod's own cache is used", e.GetType().Name);
            return local.TryRemember(issuer, jti, expires);
        }
    }

    /// <summary>The row key: hex SHA-256 over the issuer and the jti, length-prefixed so no two pairs share one.</summary>
    public static string Key(string issuer, string jti) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{issuer.Length}:{issuer}\n{jti}")));

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
