namespace BoneCds.Api.Feedback;

/// <summary>Issued cards: a card uuid to its client, rules, indicator and keyed pseudonyms (written off the hot path).</summary>
public sealed partial class SqlFeedbackStore
{
    public async Task RecordIssuedCardsAsync(IReadOnlyList<IssuedCard> cards, CancellationToken ct)
    {
        if (cards.Count == 0) return;
        await using var c = await OpenAsync(ct);
        // Issued cards can be re-derived and are only a join table: no fsync per commit (reset below: the connection is pooled).
        if (dialect == Dialect.Sqlite) await ExecAsync(c, "PRAGMA synchronous=NORMAL;", ct);
        try
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            foreach (var card in cards)
            {
                await using var cmd = c.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO issued_cards (card_uuid, service_id, rule_ids, issued_at, client_id, rule_id, "
                    + "patient_key, clinician_key, evidence_key, suppression_cap, indicator) "
                    + "VALUES (@u, @s, @r, @t, @c, @own, @pk, @ck, @ek, @cap, @ind) ON CONFLICT (card_uuid) DO NOTHING";
                Add(cmd, "@ind", card.Indicator);
                Add(cmd, "@pk", card.PatientKey); Add(cmd, "@ck", card.ClinicianKey); Add(cmd, "@ek", card.EvidenceKey);
                Add(cmd, "@cap", card.SuppressionCap);
                Add(cmd, "@u", card.CardUuid); Add(cmd, "@s", card.ServiceId); Add(cmd, "@r", string.Join(",", card.RuleIds));
                Add(cmd, "@own", card.RuleId);
                Add(cmd, "@t", card.IssuedAt.ToString("O")); Add(cmd, "@c", card.ClientId);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        finally
        {
            if (dialect == Dialect.Sqlite) await ExecAsync(c, "PRAGMA synchronous=FULL;", CancellationToken.None);
        }
    }

    public async Task<IReadOnlyDictionary<string, IssuedCard>> IssuedCardsAsync(string clientId, IReadOnlyCollection<string> cardUuids,
        CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT card_uuid, service_id, rule_ids, issued_at, rule_id, patient_key, clinician_key, evidence_key, "
            + $"suppression_cap, indicator FROM issued_cards WHERE client_id = @c AND card_uuid IN ({InList(cmd, "@u", cardUuids)})";
        Add(cmd, "@c", clientId);
        var issued = new Dictionary<string, IssuedCard>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                issued[r.GetString(0)] = new IssuedCard(r.GetString(0), r.GetString(1),
                    r.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries), Parse(r.GetString(3)), clientId)
                {
                    RuleId = r.GetString(4), PatientKey = r.GetString(5), ClinicianKey = r.GetString(6), EvidenceKey = r.GetString(7),
                    SuppressionCap = r.GetString(8), Indicator = r.GetString(9),
                };
        return issued;
    }

    /// <summary>Fixed-width UTC text, so the database compares times as strings (the same on SQLite and PostgreSQL).</summary>
    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
        System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string t) =>
        DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
}
