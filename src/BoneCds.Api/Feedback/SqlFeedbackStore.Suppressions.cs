namespace BoneCds.Api.Feedback;

/// <summary>
/// Remembered overrides in the same database as the feedback they come from (table suppressions, created with the others):
/// insert-or-extend, the live ones of a patient in one query, lifting. The logic is in Suppression/SuppressionService.cs.
/// </summary>
public sealed partial class SqlFeedbackStore
{
    public async Task SuppressAsync(IReadOnlyList<SuppressionRecord> suppressions, CancellationToken ct)
    {
        if (suppressions.Count == 0) return;
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var s in suppressions)
        {
            await using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            // Insert-or-extend, atomic on either database: the later end wins, so repeated feedback is idempotent.
            cmd.CommandText = """
                INSERT INTO suppressions (patient_key, rule_id, clinician_key, ends_at, evidence_key, reason_code, declined, created_at)
                VALUES (@p, @r, @c, @e, @ev, @rc, @d, @t)
                ON CONFLICT (patient_key, rule_id, clinician_key) DO UPDATE SET ends_at = excluded.ends_at,
                  evidence_key = excluded.evidence_key, reason_code = excluded.reason_code, declined = excluded.declined,
                  created_at = excluded.created_at
                WHERE excluded.ends_at > suppressions.ends_at
                """;
            Add(cmd, "@p", s.PatientKey); Add(cmd, "@r", s.RuleId); Add(cmd, "@c", s.ClinicianKey); Add(cmd, "@e", Utc(s.EndsAt));
            Add(cmd, "@ev", s.EvidenceKey); Add(cmd, "@rc", s.ReasonCode); Add(cmd, "@d", s.Declined ? "1" : "0");
            Add(cmd, "@t", Utc(s.CreatedAt));
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<SuppressionRecord>> LiveSuppressionsAsync(IReadOnlyCollection<string> patientKeys, DateTimeOffset now,
        CancellationToken ct)
    {
        if (patientKeys.Count == 0) return [];
        await using var c = await OpenAsync(ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT patient_key, rule_id, clinician_key, ends_at, evidence_key, reason_code, declined, created_at "
            + $"FROM suppressions WHERE patient_key IN ({InList(cmd, "@p", patientKeys)}) AND ends_at > @now";
        Add(cmd, "@now", Utc(now));
        var live = new List<SuppressionRecord>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                live.Add(new SuppressionRecord(r.GetString(0), r.GetString(1), r.GetString(2), Parse(r.GetString(3)), r.GetString(4),
                    r.GetString(5), r.GetString(6) == "1", Parse(r.GetString(7))));
        return live;
    }

    public async Task<int> LiftSuppressionsAsync(IReadOnlyCollection<string> patientKeys, string? ruleId, CancellationToken ct)
    {
        if (patientKeys.Count == 0) return 0;
        await using var c = await OpenAsync(ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"DELETE FROM suppressions WHERE patient_key IN ({InList(cmd, "@p", patientKeys)})"
            + (ruleId is null ? "" : " AND rule_id = @r");
        if (ruleId is not null) Add(cmd, "@r", ruleId);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
