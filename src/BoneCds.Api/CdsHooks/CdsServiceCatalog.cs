using BoneCds.Rules.Cards;
using BoneCds.Rules.Catalogue;

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
    internal RequestKind Kind => Hook switch
    {
        Hooks.PatientView => RequestKind.PatientView,
        Hooks.OrderSelect => RequestKind.OrderSelect,
        Hooks.OrderSign => RequestKind.OrderSign,
        _ => throw new InvalidOperationException($"Unknown hook '{Hook}'"),
    };
}

/// <summary>The CDS Hooks 2.0 hook names this host answers.</summary>
public static class Hooks
{
    public const string PatientView = "patient-view";
    public const string OrderSelect = "order-select";
    public const string OrderSign = "order-sign";
}

public sealed record CdsDiscoveryResponse(IReadOnlyList<CdsServiceDescriptor> Services);

/// <summary>The three services this host offers, and the prefetch templates the EHR should fill.</summary>
public static class CdsServiceCatalog
{
    public const string PatientViewId = "bone-health-patient-view";
    public const string OrderSelectId = "bone-health-order-select";
    public const string OrderSignId = "bone-health-order-sign";

    /// <summary>Prefetch keys and FHIR query templates, generated from the code catalogue the readers use.</summary>
    public static readonly IReadOnlyDictionary<string, string> Prefetch = PrefetchTemplates.Queries;

    public static readonly IReadOnlyList<CdsServiceDescriptor> Services =
    [
        new(Hooks.PatientView, "Bone health review",
            "Classifies vitamin D status (25(OH)D), bone density (WHO T-score categories) and osteoporosis risk, and recommends vitamin "
                + "D3, calcium, magnesium and vitamin K2 with safety suppressions.",
            PatientViewId, Prefetch, null),
        new(Hooks.OrderSelect, "Bone health order check (select)",
            "Checks selected draft orders (bisphosphonates, vitamin D, vitamin K2, calcium, magnesium) against vitamin D status, calcium, "
                + "eGFR and anticoagulants.",
            OrderSelectId, Prefetch, null),
        new(Hooks.OrderSign, "Bone health order check (sign)",
            "Checks draft orders at signing (bisphosphonates, vitamin D, vitamin K2, calcium, magnesium) against vitamin D status, "
                + "calcium, eGFR and anticoagulants.",
            OrderSignId, Prefetch, null),
    ];

    public static CdsServiceDescriptor? Find(string id) => Services.FirstOrDefault(s => s.Id == id);
}
