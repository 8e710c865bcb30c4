using BoneCds.Rules.Inputs;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BoneCds.Api.Telemetry;

/// <summary>
/// BoneCds's own metrics and spans. Tags carry service ids, rule ids, indicators, prefetch keys and reason categories only:
/// never patient identifiers or values (no PHI in any metric or span).
/// </summary>
public sealed class BoneCdsMetrics : IDisposable
{
    public const string MeterName = "BoneCds";
    public static readonly ActivitySource Activities = new("BoneCds");

    private readonly Meter _meter;

    public BoneCdsMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        HookDuration = _meter.CreateHistogram<double>("bonecds.hook.duration", "s", "Time to answer a CDS hook, by service",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries =
                [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        Cards = _meter.CreateCounter<long>("bonecds.cards", "{card}", "Cards issued, by rule id and indicator");
        RejectedInputs = _meter.CreateCounter<long>("bonecds.inputs.rejected", "{input}", "Inputs that could not be used, by reason");
        PrefetchMissing = _meter.CreateCounter<long>("bonecds.prefetch.missing", "{key}", "Prefetch keys the EHR did not send, by key");
        PrefetchFetched = _meter.CreateCounter<long>("bonecds.prefetch.fetched", "{key}",
            "Missing prefetch keys fetched, by key and outcome");
        FhirFetches = _meter.CreateCounter<long>("bonecds.fhir.fetch", "{key}", "FHIR server fetches, by outcome");
        BreakerTransitions = _meter.CreateCounter<long>("bonecds.fhir.breaker", "{transition}", "Circuit breaker state changes, by state");
        AuthFailures = _meter.CreateCounter<long>("bonecds.auth.failures", "{request}", "Refused credentials, by reason");
        Feedback = _meter.CreateCounter<long>("bonecds.feedback", "{item}",
            "Feedback items, by own rule id, outcome and reason code (a non-adherence code, other or none)");
        Suppressed = _meter.CreateCounter<long>("bonecds.cards.suppressed", "{card}",
            "Cards left out or downgraded by a remembered override, by rule id and reason code");
        OverridesNotSuppressing = _meter.CreateCounter<long>("bonecds.overrides.not_suppressing", "{item}",
            "Overrides that suppress nothing (never-suppressed card, evidence or other code, no reason), by rule id and reason");
        SuppressionLookupFailures = _meter.CreateCounter<long>("bonecds.suppression.lookup_failures", "{hook}",
            "Hooks answered with nothing suppressed because the store did not answer");
    }

    public Histogram<double> HookDuration { get; }
    public Counter<long> Cards { get; }
    public Counter<long> RejectedInputs { get; }
    public Counter<long> PrefetchMissing { get; }
    public Counter<long> PrefetchFetched { get; }
    public Counter<long> FhirFetches { get; }
    public Counter<long> BreakerTransitions { get; }
    public Counter<long> AuthFailures { get; }
    public Counter<long> Feedback { get; }
    public Counter<long> Suppressed { get; }
    public Counter<long> OverridesNotSuppressing { get; }
    public Counter<long> SuppressionLookupFailures { get; }

    /// <summary>
    /// The metric label of a rejection: its kind, set where it was rejected (never read from the reason text). Written out, not
    /// derived from the enum's names: dashboards key on these, and a rename in code must not move them (nor allocate per call).
    /// </summary>
    public static string ReasonCategory(RejectionKind kind) => kind switch
    {
        RejectionKind.InvalidFhir => "invalid_fhir",
        RejectionKind.Status => "status",
        RejectionKind.Subject => "subject",
        RejectionKind.OtherPatient => "other_patient",
        RejectionKind.Date => "date",
        RejectionKind.Site => "site",
        RejectionKind.Value => "value",
        RejectionKind.Unit => "unit",
        _ => "other",
    };

    /// <summary>The metric label of a refused credential: its kind, set where it was refused (written out, as above).</summary>
    public static string AuthCategory(Auth.AuthFailureKind kind) => kind switch
    {
        Auth.AuthFailureKind.Missing => "missing",
        Auth.AuthFailureKind.Malformed => "invalid",
        Auth.AuthFailureKind.Signature => "signature",
        Auth.AuthFailureKind.Issuer => "issuer",
        Auth.AuthFailureKind.Key => "key",
        Auth.AuthFailureKind.Audience => "audience",
        Auth.AuthFailureKind.Lifetime => "lifetime",
        Auth.AuthFailureKind.Replay => "replay",
        Auth.AuthFailureKind.ApiKey => "api_key",
        _ => "invalid",
    };

    public void Dispose() => _meter.Dispose();
}
