using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// Active MedicationRequests and MedicationStatements, classified by <see cref="MedicationCatalog"/>. Draft orders use the
/// same classification (<see cref="Classify"/>), so a drug is recognised the same way on record and at order time.
/// </summary>
public static class MedicationReader
{
    /// <param name="history">When given, completed and stopped medications of this patient are added to it (v3 history).</param>
    public static List<MedicationFact> ReadActive(IReadOnlyList<Resource> all, SubjectReference subject, BundleReferences references,
        List<RejectedInput> rejected, List<MedicationFact>? history = null)
    {
        var facts = new List<MedicationFact>();
        foreach (var resource in all.Where(r => r is MedicationRequest or MedicationStatement))
        {
            if (resource is ILeanMedication { Facts: var lean })
            {
                if (lean.IsHistory && history is not null && subject.BelongsTo(lean.SubjectReference))
                    history.Add(Classify(lean.Source, lean.Medication, referenceDisplay: null) with
                    {
                        Since = lean.StartedOn, LastRecordOn = lean.LastRecordOn,
                    });
                if (!lean.IsActive) continue;
                if (subject.Problem(lean.SubjectReference) is { } leanProblem) rejected.Add(new RejectedInput(lean.Source, leanProblem,
                    RejectionKind.Subject));
                else Add(facts, rejected, Classify(lean.Source, lean.Medication, referenceDisplay: null) with { Since = lean.StartedOn },
                    null);
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
                AddIfAnticoagulant(facts, SafeClassify(source, medication, contained, references));
                continue;
            }
            try
            {
                if (IsHistory(resource) && history is not null && subject.Problem(SubjectOf(resource)) is null)
                    history.Add(Classify(source, medication, contained, references) with
                    {
                        Since = StartedOn(resource), LastRecordOn = LastRecordOn(resource),
                    });
                if (!IsActive(resource)) continue;
                if (subject.Problem(SubjectOf(resource)) is { } problem)
                {
                    rejected.Add(new RejectedInput(source, problem, RejectionKind.Subject));
                    continue;
                }
                var fact = Classify(source, medication, contained, references) with { Since = StartedOn(resource) };
                Add(facts, rejected, fact.Is(MedicationClass.Glucocorticoid) ? fact with { DailyDoseMg = DailyDose(resource) } : fact,
                    medication);
            }
            catch (Exception e) when (FhirReadGuard.IsModelMisfit(e))
            {
                // Safety: an anticoagulant whose status or subject cannot be read still suppresses vitamin K2.
                rejected.Add(new RejectedInput(source, $"invalid FHIR: {e.Message}", RejectionKind.InvalidFhir));
                AddIfAnticoagulant(facts, SafeClassify(source, medication, contained, references));
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

    /// <summary>v4: the daily dose in mg, when the dosage says it plainly (a glucocorticoid's dose threshold).</summary>
    private static decimal? DailyDose(Resource resource) => Courses.GlucocorticoidDose.DailyMg(resource switch
    {
        MedicationRequest request => request.DosageInstruction,
        MedicationStatement statement => statement.Dosage,
        _ => [],
    });

    private static bool IsHistory(Resource resource) => resource switch
    {
        MedicationRequest r => r.Status is MedicationRequest.MedicationrequestStatus.Completed
            or MedicationRequest.MedicationrequestStatus.Stopped,
        MedicationStatement s => s.Status is MedicationStatement.MedicationStatusCodes.Completed
            or MedicationStatement.MedicationStatusCodes.Stopped,
        _ => false,
    };

    /// <summary>A record's last date (v3): the latest of authoredOn and the dispense validity end; a statement's effective end.</summary>
    private static DateTimeOffset? LastRecordOn(Resource resource)
    {
        string?[] dates = resource switch
        {
            MedicationRequest r => [r.AuthoredOn, r.DispenseRequest?.ValidityPeriod?.End],
            MedicationStatement { Effective: Period p } => [p.Start, p.End],
            MedicationStatement { Effective: FhirDateTime d } => [d.Value],
            _ => [],
        };
        DateTimeOffset? latest = null;
        foreach (var date in dates)
            if (FhirDates.TryParse(date, out var on) && (latest is null || on > latest)) latest = on;
        return latest;
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

    /// <summary>A current medication; one that could not be identified is also named in the "could not be used" card.</summary>
    private static void Add(List<MedicationFact> facts, List<RejectedInput> rejected, MedicationFact fact, DataType? medication)
    {
        if (fact.Is(MedicationClass.Unknown))
            rejected.Add(new RejectedInput(fact.Source, UnknownReason(medication), RejectionKind.InvalidFhir));
        facts.Add(fact);
    }

    /// <summary>Why a medication could not be identified, for the "could not be used" card.</summary>
    private static string UnknownReason(DataType? medication) => medication is ResourceReference { Reference: { } target }
        ? $"medicationReference '{target}' is not in the input: the medication is unknown, so vitamin K is not suggested"
        : "the medication has no known code and no name: it is unknown, so vitamin K is not suggested";

    /// <summary><see cref="Classify"/>, or null when the medication element does not fit the FHIR model.</summary>
    public static MedicationFact? SafeClassify(string source, DataType? medication, IEnumerable<Resource> contained,
        BundleReferences references)
    {
        try { return Classify(source, medication, contained, references); }
        catch (Exception e) when (FhirReadGuard.IsModelMisfit(e)) { return null; }
    }

    /// <summary>
    /// Classifies a medication[x]: a CodeableConcept, or a reference resolved by <see cref="BundleReferences"/> (contained,
    /// fullUrl, Medication/id). A reference that resolves to no Medication is an unknown medication (v3).
    /// </summary>
    public static MedicationFact Classify(string source, DataType? medication, IEnumerable<Resource> contained,
        BundleReferences? references = null)
    {
        if (medication is ResourceReference { Reference: { } target } reference)
        {
            if ((references ?? BundleReferences.None).Resolve(target, contained) is Medication resolved)
                return Classify(source, ConceptFacts.From(resolved.Code), reference.Display);
            var name = reference.Display ?? "medication (not identified)";
            return new MedicationFact(source, name, MedicationCatalog.Classify([], reference.Display) | MedicationClass.Unknown);
        }
        return Classify(source, ConceptFacts.From(medication as CodeableConcept), (medication as ResourceReference)?.Display);
    }

    /// <summary>Classifies a medication concept (codes first, then its name); a reference's display names it when nothing else
    /// does.</summary>
    public static MedicationFact Classify(string source, ConceptFacts? concept, string? referenceDisplay)
    {
        var codings = concept?.Codings.Select(c => (c.System, c.Code, c.Display)) ?? [];
        var name = concept?.Text ?? concept?.Codings.FirstOrDefault(c => c.Display is not null)?.Display ?? referenceDisplay;
        var classes = MedicationCatalog.Classify(codings, concept?.Text ?? referenceDisplay);
        // v3.1: no class from its codes and nothing to read a name from: it may be anything.
        if (classes == MedicationClass.None && string.IsNullOrWhiteSpace(name)) classes = MedicationClass.Unknown;
        return new MedicationFact(source, name is null ? "medication (not identified)" : MedicationNames.Display(name), classes);
    }

}
