using System.Data.Common;

namespace BoneCds.Api.Feedback;

/// <summary>
/// Feedback and issued cards in a SQL database over ADO.NET: SQLite (embedded file, the default) or PostgreSQL
/// (several replicas). Only the DDL differs between the two. Every row carries the calling client: feedback is accepted
/// only for a card issued to that client, a repeated item is stored once, and the summary is aggregated in SQL (M9).
/// </summary>
public sealed partial class SqlFeedbackStore(Func<DbConnection> connect, SqlFeedbackStore.Dialect dialect) : IFeedbackStore
{
    public enum Dialect { Sqlite, Postgres }

    private readonly Hosting.AsyncOnce _schema = new();

    /// <summary>Creates (or upgrades) the tables once. Called at start-up, and again on use if the database was down then.</summary>
    public Task InitializeAsync(CancellationToken ct) => _schema.RunAsync(CreateSchemaAsync, ct);

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
        // v2 columns, added to tables created by earlier versions.
        await AddColumnIfMissingAsync(c, "issued_cards", "client_id", ct);
        await AddColumnIfMissingAsync(c, "card_feedback", "client_id", ct);
        // v3: the card's own rule. Cards recorded before keep '' and are read by their first listed rule (see SummariseAsync).
        await AddColumnIfMissingAsync(c, "issued_cards", "rule_id", ct);
        // v3: what an override may do with the card (keyed pseudonyms only, Suppression/PatientKeyring.cs), and the suppressions.
        foreach (var column in new[] { "patient_key", "clinician_key", "evidence_key", "suppression_cap", "indicator" })
            await AddColumnIfMissingAsync(c, "issued_cards", column, ct);
        await ExecAsync(c, """
            CREATE TABLE IF NOT EXISTS suppressions (
              patient_key TEXT NOT NULL, rule_id TEXT NOT NULL, clinician_key TEXT NOT NULL, ends_at TEXT NOT NULL,
              evidence_key TEXT NOT NULL, reason_code TEXT NOT NULL, declined TEXT NOT NULL, created_at TEXT NOT NULL,
              PRIMARY KEY (patient_key, rule_id, clinician_key));
            CREATE INDEX IF NOT EXISTS ix_suppressions_ends_at ON suppressions (ends_at);
            """, ct);
        await ExecAsync(c, """
            CREATE UNIQUE INDEX IF NOT EXISTS ux_card_feedback_once ON card_feedback (client_id, card_uuid, outcome, outcome_timestamp);
            CREATE INDEX IF NOT EXISTS ix_issued_cards_issued_at ON issued_cards (issued_at);
            """, ct);
    }

    private async Task AddColumnIfMissingAsync(DbConnection c, string table, string column, CancellationToken ct)
    {
        if (dialect == Dialect.Postgres)
        {
            await ExecAsync(c, $"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} TEXT NOT NULL DEFAULT ''", ct);
            return;
        }
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        if (Convert.ToInt64(await cmd.ExecuteScalarAsync(ct)) == 0)
            await ExecAsync(c, $"ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''", ct);
    }

    public async Task<int> RecordFeedbackAsync(IReadOnlyList<FeedbackRecord> feedback, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var stored = 0;
        foreach (var f in feedback)
        {
            await using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            // A repeated item (an EHR retry) is stored once.
            cmd.CommandText = """
                INSERT INTO card_feedback (card_uuid, service_id, outcome, accepted_suggestions, override_system, override_code,
                  override_display, user_comment, outcome_timestamp, received_at, client_id)
                VALUES (@u, @s, @o, @a, @rs, @rc, @rd, @uc, @ot, @ra, @c)
                ON CONFLICT (client_id, card_uuid, outcome, outcome_timestamp) DO NOTHING
                """;
            Add(cmd, "@u", f.CardUuid); Add(cmd, "@s", f.ServiceId); Add(cmd, "@o", f.Outcome);
            Add(cmd, "@a", string.Join(",", f.AcceptedSuggestions));
            Add(cmd, "@rs", f.OverrideSystem); Add(cmd, "@rc", f.OverrideCode); Add(cmd, "@rd", f.OverrideDisplay);
            Add(cmd, "@uc", f.UserComment);
            Add(cmd, "@ot", f.OutcomeTimestamp.ToString("O")); Add(cmd, "@ra", f.ReceivedAt.ToString("O")); Add(cmd, "@c", f.ClientId);
            stored += await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return stored;
    }

    /// <summary>
    /// Counts per card rule, outcome and override reason, grouped in SQL; only the small result is read. Feedback counts under
    /// the card's own rule alone (v3: dismissing the magnesium card is not an override of the osteoporosis rule); the other
    /// rules the card listed are shown as contributing. Cards recorded before v3 have no own rule stored: their first listed
    /// rule stands in.
    /// </summary>
    public async Task<FeedbackSummary> SummariseAsync(string? clientId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var cmd = c.CreateCommand();
        var filter = clientId is null ? "" : "WHERE f.client_id = @c";
        cmd.CommandText = $"""
            SELECT i.rule_id, i.rule_ids, f.outcome, f.override_system, f.override_code, f.override_display, COUNT(*)
            FROM card_feedback f LEFT JOIN issued_cards i ON i.card_uuid = f.card_uuid AND i.client_id = f.client_id
            {filter}
            GROUP BY i.rule_id, i.rule_ids, f.outcome, f.override_system, f.override_code, f.override_display
            """;
        if (clientId is not null) Add(cmd, "@c", clientId);
        var groups = new List<(string? Own, string? Rules, string Outcome, string? Sys, string? Code, string? Display, int Count)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                groups.Add((Str(r, 0), Str(r, 1), r.GetString(2), Str(r, 3), Str(r, 4), Str(r, 5), Convert.ToInt32(r.GetValue(6))));

        var perRule = groups.Where(g => g.Rules is not null)
            .Select(g => (Listed: g.Rules!.Split(',', StringSplitOptions.RemoveEmptyEntries), Group: g))
            .Select(x => (Rule: string.IsNullOrEmpty(x.Group.Own) ? x.Listed.FirstOrDefault() ?? "" : x.Group.Own!, x.Listed, x.Group))
            .GroupBy(x => x.Rule)
            .Select(byRule => new RuleFeedbackSummary(byRule.Key,
                byRule.Where(x => x.Group.Outcome == FeedbackOutcomes.Accepted).Sum(x => x.Group.Count),
                byRule.Where(x => x.Group.Outcome == FeedbackOutcomes.Overridden).Sum(x => x.Group.Count),
                byRule.Where(x => x.Group.Outcome == FeedbackOutcomes.Overridden)
                    .GroupBy(x => (x.Group.Sys, x.Group.Code, x.Group.Display))
                    .Select(o => new OverrideReasonCount(o.Key.Sys, o.Key.Code, o.Key.Display, o.Sum(x => x.Group.Count)))
                    .OrderByDescending(o => o.Count).ToList())
            {
                ContributingRules = byRule.SelectMany(x => x.Listed).Where(r => r != byRule.Key).Distinct().Order(StringComparer.Ordinal)
                    .ToList(),
            })
            .OrderBy(s => s.RuleId, StringComparer.Ordinal)
            .ToList();
        return new FeedbackSummary(perRule, groups.Where(g => g.Rules is null).Sum(g => g.Count), groups.Sum(g => g.Count));
    }

    /// <summary>
    /// Retention (review L12): free-text comments, which may hold PHI, are blanked after their window; issued cards older
    /// than theirs are deleted (their feedback then counts as for unknown cards).
    /// </summary>
    public async Task PurgeAsync(DateTimeOffset commentsBefore, DateTimeOffset cardsBefore, CancellationToken ct,
        DateTimeOffset? suppressionsEndedBefore = null)
    {
        await using var c = await OpenAsync(ct);
        await using var comments = c.CreateCommand();
        comments.CommandText = "UPDATE card_feedback SET user_comment = NULL WHERE user_comment IS NOT NULL AND received_at < @t";
        Add(comments, "@t", commentsBefore.ToString("O"));
        await comments.ExecuteNonQueryAsync(ct);
        await using var cards = c.CreateCommand();
        cards.CommandText = "DELETE FROM issued_cards WHERE issued_at < @t";
        Add(cards, "@t", cardsBefore.ToString("O"));
        await cards.ExecuteNonQueryAsync(ct);
        if (suppressionsEndedBefore is not { } ended) return;
        await using var suppressions = c.CreateCommand();
        suppressions.CommandText = "DELETE FROM suppressions WHERE ends_at < @t";
        Add(suppressions, "@t", Utc(ended));
        await suppressions.ExecuteNonQueryAsync(ct);
    }

    public async Task PingAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await ExecAsync(c, "SELECT 1", ct);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        await InitializeAsync(ct); // at once when done
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

    /// <summary>One parameter per value (prefix0, prefix1, ...), returned as the list for an IN clause.</summary>
    private static string InList(DbCommand cmd, string prefix, IEnumerable<string> values)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            names.Add($"{prefix}{names.Count}");
            Add(cmd, names[^1], value);
        }
        return string.Join(",", names);
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
