using BoneCds.Api.Feedback;
using BoneCds.Rules.Assessment;
using BoneCds.Rules.Cards.Contract;
using BoneCds.Rules.Suppression;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Suppression;

/// <summary>
/// Remembers what the clinician decided (clinical-rules.md v3): an override with a reason hides that card's rule for that
/// patient (or, for the workflow codes, that clinician) for a while; critical cards, safety warnings and order checks never.
/// Both halves go through the shared store, so several replicas agree. If the store does not answer, hooks are answered with
/// nothing suppressed, and a metric counts it.
/// </summary>
public sealed class SuppressionService(IFeedbackStore store, PatientKeyring keyring, IOptionsMonitor<SuppressionOptions> options,
    Telemetry.BoneCdsMetrics metrics, ILogger<SuppressionService> log)
{
    /// <summary>The hook waits this long for the store at most; then nothing is suppressed.</summary>
    private static readonly TimeSpan LookupBudget = TimeSpan.FromMilliseconds(500);

    private bool On => options.CurrentValue.Enabled && keyring.Available;

    /// <summary>Patients (writing-key pseudonym) with nothing suppressed, until when: a short, bounded, per-replica memory.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _nothingSuppressed = new();
    private const int NothingSuppressedMax = 50_000;

    /// <summary>After a failed lookup, hooks skip the store this long, so an outage costs at most one wait per interval.</summary>
    private static readonly TimeSpan SkipAfterFailure = TimeSpan.FromSeconds(5);
    private long _storeSkippedUntil;

    /// <summary>The cards to show (suppressed ones left out, a declined therapy card downgraded) and their issued records.</summary>
    public async Task<(IReadOnlyList<CdsCard> Cards, IReadOnlyList<IssuedCard> Issued)> ApplyAsync(IReadOnlyList<CdsCard> cards,
        BoneHealthAssessment assessment, CdsHooks.CdsHookRequest request, string serviceId, string client, DateTimeOffset now,
        CancellationToken ct)
    {
        IssuedCard Record(CdsCard c) => new(c.Uuid, serviceId, c.RuleIds, now, client) { RuleId = c.RuleId, Indicator = c.Indicator };
        if (!On) return (cards, cards.Select(Record).ToList());

        // The patient is (FHIR server or issuer, patient id): ids are only unique within the server that issued them.
        var scope = request.FhirServer ?? client;
        var rules = cards.Select(c => (Card: c, Policy: SuppressionPolicy.For(c, assessment))).ToList();
        var patientKey = keyring.Patient(scope, request.PatientId);
        var live = rules.Any(r => r.Policy.Allowed) && !KnownClear(patientKey)
            ? await LiveAsync(keyring.PatientLookups(scope, request.PatientId, now), now, ct) : [];
        if (live.Count == 0) RememberClear(patientKey);
        var clinicians = keyring.ClinicianLookups(request.UserId, now);
        var clinicianKey = keyring.Clinician(request.UserId);

        var shown = new List<CdsCard>();
        var issued = new List<IssuedCard>();
        foreach (var (card, policy) in rules)
        {
            var record = Record(card) with
            {
                PatientKey = patientKey, ClinicianKey = clinicianKey,
                EvidenceKey = policy.Allowed ? keyring.Evidence(policy.Evidence) : "",
                SuppressionCap = policy.Allowed ? (policy.MaxDays ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : IssuedCard.NeverSuppressed,
            };
            var match = policy.Allowed
                ? live.Where(s => s.RuleId == card.RuleId && (s.ClinicianKey.Length == 0 || clinicians.Contains(s.ClinicianKey))
                        // A newer result, or a changed tier or category, no longer matches: the card re-arms.
                        && keyring.EvidenceUnder(s.EvidenceKey, policy.Evidence) == s.EvidenceKey)
                    .OrderByDescending(s => s.Declined).FirstOrDefault()
                : null;
            if (match is null) { shown.Add(card); issued.Add(record); continue; }
            metrics.Suppressed.Add(1, new("rule_id", card.RuleId), new("reason", match.ReasonCode));
            if (match.Declined && SuppressionPolicy.DowngradesInsteadOfHiding(card.RuleId))
            {
                var downgraded = SuppressionPolicy.Downgraded(card, match.CreatedAt);
                shown.Add(downgraded);
                issued.Add(record with { Indicator = downgraded.Indicator });
            }
        }
        return (shown, issued);
    }

    private bool KnownClear(string patientKey) =>
        _nothingSuppressed.TryGetValue(patientKey, out var until) && Environment.TickCount64 < until;

    private void RememberClear(string patientKey)
    {
        var seconds = options.CurrentValue.NothingSuppressedCacheSeconds;
        if (seconds == 0) return;
        if (_nothingSuppressed.Count >= NothingSuppressedMax) _nothingSuppressed.Clear(); // bounded: forget all, re-ask the store
        _nothingSuppressed[patientKey] = Environment.TickCount64 + seconds * 1000L;
    }

    private async Task<IReadOnlyList<SuppressionRecord>> LiveAsync(IReadOnlyList<string> patientKeys, DateTimeOffset now,
        CancellationToken ct)
    {
        if (Environment.TickCount64 < Interlocked.Read(ref _storeSkippedUntil))
        {
            metrics.SuppressionLookupFailures.Add(1);
            return [];
        }
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(LookupBudget);
        try { return await store.LiveSuppressionsAsync(patientKeys, now, budget.Token); }
        catch (Exception e) when (Errors.BoneCdsExceptionHandler.IsStoreOutage(e)
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // Nothing suppressed is the safe side: the clinician sees a card again rather than missing one.
            metrics.SuppressionLookupFailures.Add(1);
            Interlocked.Exchange(ref _storeSkippedUntil, Environment.TickCount64 + (long)SkipAfterFailure.TotalMilliseconds);
            log.LogWarning("Suppression lookup failed ({Error}): no card suppressed; the store is skipped for {Seconds} s",
                e.GetType().Name, SkipAfterFailure.TotalSeconds);
            return [];
        }
    }

    /// <summary>A patient's live suppressions, for the assessment API (the store's answer; nothing when suppression is off).</summary>
    public async Task<IReadOnlyList<SuppressionView>> ListAsync(string scope, string patientId, DateTimeOffset now, CancellationToken ct)
    {
        if (!On) return [];
        var live = await store.LiveSuppressionsAsync(keyring.PatientLookups(scope, patientId, now), now, ct);
        return live.OrderBy(s => s.RuleId, StringComparer.Ordinal)
            .Select(s => new SuppressionView(s.RuleId, s.EndsAt, s.ReasonCode, ClinicianOnly: s.ClinicianKey.Length > 0)).ToList();
    }

    /// <summary>Lifts a patient's suppressions (all, or one rule's) under every live key; returns how many.</summary>
    public Task<int> LiftAsync(string scope, string patientId, string? ruleId, DateTimeOffset now, CancellationToken ct) =>
        On ? store.LiftSuppressionsAsync(keyring.PatientLookups(scope, patientId, now), ruleId, ct) : Task.FromResult(0);

    /// <summary>Turns overrides with a reason into suppressions; what suppresses nothing is counted per rule and reason.</summary>
    public async Task RecordAsync(IReadOnlyList<FeedbackRecord> feedback, IReadOnlyDictionary<string, IssuedCard> issued,
        DateTimeOffset now, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var suppressions = new List<SuppressionRecord>();
        foreach (var f in feedback.Where(f => f.Outcome == FeedbackOutcomes.Overridden))
        {
            if (!issued.TryGetValue(f.CardUuid, out var card)) continue;
            var effect = NonAdherenceReasons.EffectOf(f.OverrideSystem, f.OverrideCode);
            var cap = card.SuppressionCap;
            // Never-suppressed cards, cards issued without a key, and reasons that suppress nothing are only counted.
            var scope = effect == ReasonEffect.Workflow ? card.ClinicianKey : "";
            if (!o.Enabled || effect == ReasonEffect.None || cap.Length == 0 || cap == IssuedCard.NeverSuppressed
                || card.PatientKey.Length == 0 || (effect == ReasonEffect.Workflow && scope.Length == 0))
            {
                metrics.OverridesNotSuppressing.Add(1, new("rule_id", card.RuleId),
                    new("reason", NonAdherenceReasons.Label(f.OverrideSystem, f.OverrideCode)));
                continue;
            }
            var duration = effect switch
            {
                ReasonEffect.Addressed => TimeSpan.FromDays(o.AddressedDays),
                ReasonEffect.Ineligible => TimeSpan.FromDays(o.IneligibleDays),
                ReasonEffect.Preference => TimeSpan.FromDays(o.PreferenceDays),
                _ => TimeSpan.FromHours(o.WorkflowHours),
            };
            if (int.TryParse(cap, out var capDays) && capDays > 0 && duration > TimeSpan.FromDays(capDays))
                duration = TimeSpan.FromDays(capDays);
            suppressions.Add(new SuppressionRecord(card.PatientKey, card.RuleId, scope, now + duration, card.EvidenceKey,
                f.OverrideCode!, effect == ReasonEffect.Preference, now));
        }
        await store.SuppressAsync(suppressions, ct);
        // Feedback through this replica shows on its next hook at once; other replicas within NothingSuppressedCacheSeconds.
        foreach (var s in suppressions) _nothingSuppressed.TryRemove(s.PatientKey, out _);
    }
}

/// <summary>A remembered override as the API shows it: which rule, until when, why, and whether for one clinician only.</summary>
public sealed record SuppressionView(string RuleId, DateTimeOffset EndsAt, string ReasonCode, bool ClinicianOnly);
