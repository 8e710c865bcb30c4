using System.Data.Common;

namespace BoneCds.Api.Feedback;

/// <summary>
/// Feedback and issued cards in a SQL database over ADO.NET: SQLite (embedded file, the default) or PostgreSQL
/// (multi-instance deployments). Only the DDL differs between the two.
/// </summary>
public sealed class SqlFeedbackStore(Func<DbConnection> connect, SqlFeedbackStore.Dialect dialect) : IFeedbackStore
{
    public enum Dialect { Sqlite, Postgres }

    private readonly SemaphoreSlim _init = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Creates the tables once. Called at start-up, and again on use if the database was down then.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        if (_initialized) return;
        await _init.WaitAsync(ct);
        try
        {
            if (!_initialized) await CreateSchemaAsync(ct);
            _initialized = true;
        }
        finally { _init.Release(); }
    }

    private async Task CreateSchemaAsync(CancellationToken ct)
    {
        var id = dialect == Dialect.Postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
        await using var c = await ConnectAsync(ct);
        // WAL: readers do not block the writer, and commits append instead of rewriting pages.
        if (dialect == Dialect.Sqlite) await ExecAsync(c, "PRAGMA journal_mode=WAL;", ct);
        await ExecAsync(c, $"""
            CREATE TABLE IF NOT EXISTS issued_cards (
              card_uuid TEXT PRIMARY KEY, service_id TEXT NOT NULL, rule_ids TEXT NOT NULL, issued_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS card_feedback (
              id {id}, card_uuid TEXT NOT NULL, service_id TEXT NOT NULL, outcome TEXT NOT NULL, accepted_suggestions TEXT NOT NULL,
              override_system TEXT NULL, override_code TEXT NULL, override_display TEXT NULL, user_comment TEXT NULL,
              outcome_timestamp TEXT NOT NULL, received_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_card_feedback_card ON card_feedback (card_uuid);
            """, ct);
    }

    public async Task RecordIssuedCardsAsync(IReadOnlyList<IssuedCard> cards, CancellationToken ct)
    {
        if (cards.Count == 0) return;
        await using var c = await OpenAsync(ct);
        // Issued cards can be re-derived and are only a join table: no fsync per commit. Feedback keeps full durability.
        if (dialect == Dialect.Sqlite) await ExecAsync(c, "PRAGMA synchronous=NORMAL;", ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var card in cards)
        {
            await using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO issued_cards (card_uuid, service_id, rule_ids, issued_at) VALUES (@u, @s, @r, @t) ON CONFLICT "
                + "(card_uuid) DO NOTHING";
            Add(cmd, "@u", card.CardUuid); Add(cmd, "@s", card.ServiceId); Add(cmd, "@r", string.Join(",", card.RuleIds)); Add(cmd, "@t",
                card.IssuedAt.ToString("O"));
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    public async Task RecordFeedbackAsync(IReadOnlyList<FeedbackRecord> feedback, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var f in feedback)
        {
            await using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO card_feedback (card_uuid, service_id, outcome, accepted_suggestions, override_system, override_code,
                  override_display, user_comment, outcome_timestamp, received_at) VALUES (@u, @s, @o, @a, @rs, @rc, @rd, @uc, @ot, @ra)
                """;
            Add(cmd, "@u", f.CardUuid); Add(cmd, "@s", f.ServiceId); Add(cmd, "@o", f.Outcome); Add(cmd, "@a",
                string.Join(",", f.AcceptedSuggestions));
            Add(cmd, "@rs", f.OverrideSystem); Add(cmd, "@rc", f.OverrideCode); Add(cmd, "@rd", f.OverrideDisplay); Add(cmd, "@uc",
                f.UserComment);
            Add(cmd, "@ot", f.OutcomeTimestamp.ToString("O")); Add(cmd, "@ra", f.ReceivedAt.ToString("O"));
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    public async Task<FeedbackSummary> SummariseAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT f.outcome, f.override_system, f.override_code, f.override_display, i.rule_ids
            FROM card_feedback f LEFT JOIN issued_cards i ON i.card_uuid = f.card_uuid
            """;
        var rows = new List<(string Outcome, string? Sys, string? Code, string? Display, string? Rules)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                rows.Add((r.GetString(0), Str(r, 1), Str(r, 2), Str(r, 3), Str(r, 4)));

        var perRule = rows.Where(x => x.Rules is not null)
            .SelectMany(x => x.Rules!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(rule =>
            (Rule: rule, x.Outcome, x.Sys, x.Code, x.Display)))
            .GroupBy(x => x.Rule)
            .Select(g => new RuleFeedbackSummary(g.Key,
                g.Count(x => x.Outcome == "accepted"),
                g.Count(x => x.Outcome == "overridden"),
                g.Where(x => x.Outcome == "overridden").GroupBy(x => (x.Sys, x.Code, x.Display))
                    .Select(o => new OverrideReasonCount(o.Key.Sys, o.Key.Code, o.Key.Display, o.Count())).OrderByDescending(o =>
                    o.Count).ToList()))
            .OrderBy(s => s.RuleId, StringComparer.Ordinal)
            .ToList();
        return new FeedbackSummary(perRule, rows.Count(x => x.Rules is null), rows.Count);
    }

    public async Task PingAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await ExecAsync(c, "SELECT 1", ct);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (!_initialized) await InitializeAsync(ct);
        return await ConnectAsync(ct);
    }

    private async Task<DbConnection> ConnectAsync(CancellationToken ct)
    {
        var c = connect();
        await c.OpenAsync(ct);
        return c;
    }

    private static async Task ExecAsync(DbConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void Add(DbCommand cmd, string name, string? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = (object?)value ?? DBNull.Value;
        cmd.Parameters.Add(p);
    }

    private static string? Str(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
