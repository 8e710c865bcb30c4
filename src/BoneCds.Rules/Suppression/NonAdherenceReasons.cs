namespace BoneCds.Rules.Suppression;

/// <summary>What an override with a reason does for that patient and the card's rule (clinical-rules.md v3 table).</summary>
public enum ReasonEffect
{
    /// <summary>Evidence codes, any other code, no reason: nothing suppressed; counted for the CDS committee.</summary>
    None,
    /// <summary>indication-order-exists, action-completed (default 90 days).</summary>
    Addressed,
    /// <summary>patient-ineligible, patient-contraindication, likely-negative-health-outcomes, risk-benefit-ratio (365 days).</summary>
    Ineligible,
    /// <summary>patient-refuses, the preference codes, too-costly-uncovered (180 days).</summary>
    Preference,
    /// <summary>limited-time, wrong-time-workflow, need-more-info: 24 hours, for the clinician who gave it only.</summary>
    Workflow,
}

/// <summary>
/// The CDS Hooks non-adherence reason CodeSystem (trial use; from the AHRQ CDSiC override taxonomy, 2025). Cards offer its
/// codes under <see cref="System"/>; feedback coded with that system or <see cref="CdsHooksSystem"/> is read alike. Codes
/// are stable across releases: clients may key on them.
/// </summary>
public static class NonAdherenceReasons
{
    public const string System = "http://terminology.hl7.org/CodeSystem/non-adherence-reason-codes";
    public const string CdsHooksSystem = "http://cds-hooks.hl7.org/CodeSystem/non-adherence-reason";

    /// <summary>Code, display, effect: the spec's table, in its order.</summary>
    public static readonly IReadOnlyList<(string Code, string Display, ReasonEffect Effect)> All =
    [
        ("indication-order-exists", "An order for this already exists", ReasonEffect.Addressed),
        ("action-completed", "Already done", ReasonEffect.Addressed),
        ("patient-ineligible", "Patient not eligible", ReasonEffect.Ineligible),
        ("patient-contraindication", "Contraindicated for this patient", ReasonEffect.Ineligible),
        ("likely-negative-health-outcomes", "Likely to harm this patient", ReasonEffect.Ineligible),
        ("risk-benefit-ratio", "Risks outweigh benefits for this patient", ReasonEffect.Ineligible),
        ("patient-refuses", "Patient refuses", ReasonEffect.Preference),
        ("patient-fears-discomfort", "Patient fears discomfort", ReasonEffect.Preference),
        ("patient-does-not-want-change", "Patient does not want a change", ReasonEffect.Preference),
        ("cultural-religious-reason", "Cultural or religious reason", ReasonEffect.Preference),
        ("prefers-alternative", "Patient prefers an alternative", ReasonEffect.Preference),
        ("too-costly-uncovered", "Too costly or not covered", ReasonEffect.Preference),
        ("limited-time", "No time now", ReasonEffect.Workflow),
        ("wrong-time-workflow", "Wrong time in the workflow", ReasonEffect.Workflow),
        ("need-more-info", "Need more information", ReasonEffect.Workflow),
        ("does-not-align-latest-evidence", "Does not align with the latest evidence", ReasonEffect.None),
        ("expert-contradicts", "An expert contradicts this", ReasonEffect.None),
        ("policy-contradicts", "Local policy contradicts this", ReasonEffect.None),
        ("recipient-does-not-trust", "Do not trust this advice", ReasonEffect.None),
    ];

    private static readonly Dictionary<string, (string Display, ReasonEffect Effect)> ByCode =
        All.ToDictionary(r => r.Code, r => (r.Display, r.Effect), StringComparer.Ordinal);

    /// <summary>The effect of a feedback reason; a code of another system, an unknown code or none suppresses nothing.</summary>
    public static ReasonEffect EffectOf(string? system, string? code) =>
        system is System or CdsHooksSystem && code is not null && ByCode.TryGetValue(code, out var r) ? r.Effect : ReasonEffect.None;

    /// <summary>A bounded label for metrics: a code of the CodeSystem, "other" or "none" (clients may send anything).</summary>
    public static string Label(string? system, string? code) => code is null ? "none"
        : system is System or CdsHooksSystem && ByCode.ContainsKey(code) ? code : "other";

    /// <summary>The few codes that fit a card (spec: "each card offers the few that fit it"), by its own rule.</summary>
    public static IReadOnlyList<Cards.Contract.CardCoding> OfferedFor(string ruleId)
    {
        // A course safety warning (v4) may be declined by the patient: the reason is recorded, the card still shows.
        string[] codes = SuppressionPolicy.IsCourseSafetyRule(ruleId)
            ? ["patient-refuses", "indication-order-exists", "risk-benefit-ratio", "patient-contraindication", "need-more-info"]
            : SuppressionPolicy.IsOrderCheck(ruleId) || SuppressionPolicy.IsSafetyRule(ruleId)
            ? ["risk-benefit-ratio", "patient-contraindication", "does-not-align-latest-evidence", "need-more-info"]
            : SuppressionPolicy.IsTestingRule(ruleId) ? ["action-completed", "indication-order-exists", "patient-refuses", "limited-time"]
            : SuppressionPolicy.IsTreatmentRule(ruleId)
                ? ["indication-order-exists", "patient-refuses", "risk-benefit-ratio", "too-costly-uncovered", "limited-time"]
            : ["indication-order-exists", "patient-refuses", "patient-contraindication", "does-not-align-latest-evidence", "limited-time"];
        return codes.Select(c => new Cards.Contract.CardCoding(System, c, ByCode[c].Display)).ToList();
    }
}
