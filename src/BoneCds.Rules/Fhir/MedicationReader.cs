using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// Active MedicationRequests and MedicationStatements, classified by <see cref="MedicationCatalog"/>. Draft orders use the
/// same classification (<see cref="Classify"/>), so a drug is recognised the same way on record and at order time.
/// </summary>
public static class MedicationReader
{
    public static List<MedicationFact> ReadActive(IReadOnlyList<Resource> all, SubjectReference subject, List<RejectedInput> rejected)
    {
        var medicationsById = MedicationsById(all);
        var facts = new List<MedicationFact>();
        foreach (var resource in all.Where(r => r is MedicationRequest or MedicationStatement))
        {
            if (resource is ILeanMedication { Facts: var lean })
            {
                if (!lean.IsActive) continue;
                if (subject.Problem(lean.SubjectReference) is { } leanProblem) rejected.Add(new RejectedInput(lean.Source, leanProblem,
                    RejectionKind.Subject));
                else facts.Add(Classify(lean.Source, lean.Medication, referenceDisplay: null) with { Since = lean.StartedOn });
                continue;
            }
            var source = FhirResourceParser.Describe(resource);
            DataType? medication = null;
            List<Resource> contained = [];
            try { (medication, contained) = MedicationOf(resource); }
            catch (Exception e) when (FhirReadGuard.IsModelMisfit(e)) { /* judged below */ }
            if (resource.HasAnnotation<UnreadableRecord>())
            {
                // Rejected when parsed (and reported there): read only for the anticoagulant safety rule.
                AddIfAnticoagulant(facts, SafeClassify(source, medication, contained, medicationsById));
                continue;
            }
            try
            {
                if (!IsActive(resource)) continue;
                if (subject.Problem(SubjectOf(resource)) is { } problem)
                {
                    rejected.Add(new RejectedInput(source, problem, RejectionKind.Subject));
                    continue;
                }
                facts.Add(Classify(source, medication, contained, medicationsById) with { Since = StartedOn(resource) });
            }
            catch (Exception e) when (FhirReadGuard.IsModelMisfit(e))
            {
                // Safety: an anticoagulant whose status or subject cannot be read still suppresses vitamin K2.
                rejected.Add(new RejectedInput(source, $"invalid FHIR: {e.Message}", RejectionKind.InvalidFhir));
                AddIfAnticoagulant(facts, SafeClassify(source, medication, contained, medicationsById));
            }
        }
        return facts;
    }

    private static void AddIfAnticoagulant(List<MedicationFact> facts, MedicationFact? unreadable)
    {
        if (unreadable?.Classes.HasFlag(MedicationClass.VitaminKAntagonist) == true)
            facts.Add(unreadable with { Name = unreadable.Name + " (record unreadable; treated as active for safety)" });
    }

    private static (DataType? Medication, List<Resource> Contained) MedicationOf(Resource resource) => resource switch
    {
        MedicationRequest request => (request.Medication, request.Contained),
        MedicationStatement statement => (statement.Medication, statement.Contained),
        _ => (null, []),
    };

    private static ResourceReference? SubjectOf(Resource resource) => resource switch
    {
        MedicationRequest request => request.Subject,
        MedicationStatement statement => statement.Subject,
        _ => null,
    };

    /// <summary>When the medication was started, as far as the record says (authoredOn, or the statement's effective start).</summary>
    private static DateTimeOffset? StartedOn(Resource resource)
    {
        var started = resource switch
        {
            MedicationRequest request => request.AuthoredOnElement,
            MedicationStatement { Effective: FhirDateTime effective } => effective,
            MedicationStatement { Effective: Period period } => period.StartElement,
            _ => null,
        };
        if (started?.Value is null) return null;
        try { return started.ToDateTimeOffset(TimeSpan.Zero); }
        catch (Exception e) when (FhirReadGuard.IsModelMisfit(e)) { return null; } // an unreadable start date only loses the date
    }

    private static bool IsActive(Resource resource) => resource switch
    {
        MedicationRequest request => IsActive(request.Status),
        MedicationStatement statement => IsActive(statement.Status),
        _ => false,
    };

    /// <summary>A request counts while active or on hold.</summary>
    public static bool IsActive(MedicationRequest.MedicationrequestStatus? status) =>
        status is MedicationRequest.MedicationrequestStatus.Active or MedicationRequest.MedicationrequestStatus.OnHold;

    /// <summary>A statement counts while active, intended or on hold.</summary>
    public static bool IsActive(MedicationStatement.MedicationStatusCodes? status) =>
        status is MedicationStatement.MedicationStatusCodes.Active or MedicationStatement.MedicationStatusCodes.Intended
            or MedicationStatement.MedicationStatusCodes.OnHold;

    /// <summary>Medication resources by id, for medicationReference lookups within the same input.</summary>
    public static Dictionary<string, Medication> MedicationsById(IEnumerable<Resource?> resources) =>
        resources.OfType<Medication>().Where(m => m.Id is not null).GroupBy(m => m.Id!).ToDictionary(g => g.Key, g => g.First());

    /// <summary><see cref="Classify"/>, or null when the medication element does not fit the FHIR model.</summary>
    public static MedicationFact? SafeClassify(string source, DataType? medication, IEnumerable<Resource> contained,
        IReadOnlyDictionary<string, Medication> bundled)
    {
        try { return Classify(source, medication, contained, bundled); }
        catch (Exception e) when (FhirReadGuard.IsModelMisfit(e)) { return null; }
    }

    /// <summary>Classifies a medication[x]: a CodeableConcept, or a reference to a contained or bundled Medication.</summary>
    public static MedicationFact Classify(string source, DataType? medication, IEnumerable<Resource> contained,
        IReadOnlyDictionary<string, Medication>? bundled = null)
    {
        var concept = medication switch
        {
            CodeableConcept codeable => codeable,
            ResourceReference reference when reference.Reference is { } target => Resolve(target, contained, bundled)?.Code,
            _ => null,
        };
        return Classify(source, ConceptFacts.From(concept), (medication as ResourceReference)?.Display);
    }

    /// <summary>Classifies a medication concept (codes first, then its name); a reference's display names it when nothing else
    /// does.</summary>
    public static MedicationFact Classify(string source, ConceptFacts? concept, string? referenceDisplay)
    {
        var codings = concept?.Codings.Select(c => (c.System, c.Code, c.Display)) ?? [];
        var name = concept?.Text ?? concept?.Codings.FirstOrDefault()?.Display ?? referenceDisplay ?? "medication";
        return new MedicationFact(source, name, MedicationCatalog.Classify(codings, concept?.Text ?? referenceDisplay));
    }

    private static Medication? Resolve(string reference, IEnumerable<Resource> contained, IReadOnlyDictionary<string, Medication>? bundled)
    {
        if (reference.StartsWith('#')) return contained.OfType<Medication>().FirstOrDefault(m => m.Id == reference[1..]);
        // "Medication/abc/_history/2" is Medication abc (review L10).
        var parts = reference.Split('/');
        var at = Array.LastIndexOf(parts, "Medication");
        var id = at >= 0 && at + 1 < parts.Length ? parts[at + 1] : parts[^1];
        return bundled is not null && bundled.TryGetValue(id, out var medication) ? medication : null;
    }
}
