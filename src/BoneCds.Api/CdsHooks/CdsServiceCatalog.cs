using BoneCds.Rules.Cards;
using BoneCds.Rules.Inputs;

namespace BoneCds.Api.CdsHooks;

/// <summary>A CDS Service as listed by discovery (CDS Hooks 2.0 §Discovery).</summary>
public sealed record CdsServiceDescriptor(
    string Hook,
    string Title,
    string Description,
    string Id,
    IReadOnlyDictionary<string, string> Prefetch,
    string? UsageRequirements)
{
    internal HookKind Kind => Hook switch
    {
        "patient-view" => HookKind.PatientView,
        "order-select" => HookKind.OrderSelect,
        _ => HookKind.OrderSign,
    };
}

public sealed record CdsDiscoveryResponse(IReadOnlyList<CdsServiceDescriptor> Services);

/// <summary>The three services this host offers, and the prefetch templates the EHR should fill.</summary>
public static class CdsServiceCatalog
{
    public const string PatientViewId = "bone-health-patient-view";
    public const string OrderSelectId = "bone-health-order-select";
    public const string OrderSignId = "bone-health-order-sign";

    private static readonly string ObservationCodes = string.Join(",",
        LoincCatalog.AllCodes.Select(c => $"{LoincCatalog.System}|{c}"));

    /// <summary>Prefetch keys and FHIR query templates; the same keys are read by the service.</summary>
    public static readonly IReadOnlyDictionary<string, string> Prefetch = new Dictionary<string, string>
    {
        ["patient"] = "Patient/{{context.patientId}}",
        ["observations"] = $"Observation?subject=Patient/{{{{context.patientId}}}}&code={ObservationCodes}&_sort=-date&_count=200",
        ["medications"] = "MedicationRequest?subject=Patient/{{context.patientId}}&status=active",
        ["conditions"] = "Condition?subject=Patient/{{context.patientId}}&clinical-status=active",
    };

    public static readonly IReadOnlyList<CdsServiceDescriptor> Services =
    [
        new("patient-view", "Bone health review",
            "Classifies vitamin D status (25(OH)D), bone density (WHO T-score categories) and osteoporosis risk, and recommends vitamin D3, calcium, magnesium and vitamin K2 with safety suppressions.",
            PatientViewId, Prefetch, null),
        new("order-select", "Bone health order check (select)",
            "Checks selected draft orders (bisphosphonates, vitamin D, vitamin K2, calcium, magnesium) against vitamin D status, calcium, eGFR and anticoagulants.",
            OrderSelectId, Prefetch, null),
        new("order-sign", "Bone health order check (sign)",
            "Checks draft orders at signing (bisphosphonates, vitamin D, vitamin K2, calcium, magnesium) against vitamin D status, calcium, eGFR and anticoagulants.",
            OrderSignId, Prefetch, null),
    ];

    public static CdsServiceDescriptor? Find(string id) => Services.FirstOrDefault(s => s.Id == id);
}
