using Hl7.Fhir.Model;

namespace BoneCds.Rules.Cards;

/// <summary>An order being selected or signed (CDS Hooks context.draftOrders / context.selections).</summary>
public sealed record DraftOrder(string Reference, string Name, MedicationClass Classes, bool Selected)
{
    /// <summary>The drafted vitamin D regimen where it can be read (v3), else null.</summary>
    public DraftedRegimen? Regimen { get; init; }

    public bool Is(MedicationClass c) => (Classes & c) != 0;

    /// <summary>
    /// A product of several classes (alendronate/cholecalciferol, calcium/vitamin D): it counts as each for safety, never as a
    /// repletion of one (v3).
    /// </summary>
    public bool IsCombination => System.Numerics.BitOperations.PopCount((uint)(Classes & ~Markers)) > 1;

    private const MedicationClass Markers = MedicationClass.Ibandronate | MedicationClass.Risedronate | MedicationClass.ZoledronicAcid
        | MedicationClass.Unknown;

    /// <summary>
    /// Reads MedicationRequest drafts (ServiceRequests carry no medication and trigger no order check). A draft whose
    /// medication cannot be read is still checked by name where possible; one that cannot be read at all is skipped.
    /// </summary>
    public static IReadOnlyList<DraftOrder> From(Bundle? draftOrders, IReadOnlyCollection<string>? selections)
    {
        if (draftOrders is null) return [];
        var references = new BundleReferences(draftOrders.Entry.Where(e => e.Resource is not null).Select(e => (e.Resource!, e.FullUrl)));
        var selected = selections?.ToHashSet(StringComparer.Ordinal) ?? []; // O(1) lookups: selections can be long (review L2)
        var result = new List<DraftOrder>();
        foreach (var request in draftOrders.Entry.Select(e => e.Resource).OfType<MedicationRequest>())
        {
            // Every element read inside the guard: a malformed draft is skipped, never a 500 (review L1).
            DraftOrder? draft = null;
            FhirReadGuard.Run(request, [], () =>
            {
                var reference = request.Id is null ? "MedicationRequest" : $"MedicationRequest/{request.Id}";
                if (MedicationReader.SafeClassify(reference, request.Medication, request.Contained, references) is not { } fact) return;
                draft = new DraftOrder(reference, fact.Name, fact.Classes, selected.Count == 0 || selected.Contains(reference))
                {
                    Regimen = fact.Is(MedicationClass.VitaminD) ? DraftedRegimen.Read(request, fact.Name) : null,
                };
            });
            if (draft is not null) result.Add(draft);
        }
        return result;
    }
}
