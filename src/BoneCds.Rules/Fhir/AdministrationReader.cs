using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// Completed MedicationAdministrations (v4 prefetch key <c>administrations</c>): each is one dose given on its effective date, of a
/// medication classified as records are (<see cref="MedicationReader"/>).
/// Other statuses (in-progress, not-done, entered-in-error) are not doses; one with no date is reported, never guessed.
/// </summary>
public static class AdministrationReader
{
    public static List<MedicationFact> Read(IReadOnlyList<Resource> all, SubjectReference subject, BundleReferences references,
        DateTimeOffset now, List<RejectedInput> rejected)
    {
        var doses = new List<MedicationFact>();
        foreach (var administration in all.OfType<MedicationAdministration>())
            FhirReadGuard.Run(administration, rejected, () =>
            {
                if (administration.Status != MedicationAdministration.MedicationAdministrationStatusCodes.Completed) return;
                var fact = MedicationReader.Classify(FhirResourceParser.Describe(administration), administration.Medication,
                    administration.Contained, references);
                if (!fact.Is(MedicationClass.AntiOsteoporosis | MedicationClass.Glucocorticoid)) return; // not a course the rules read
                if (subject.Problem(administration.Subject) is { } problem)
                {
                    rejected.Add(new RejectedInput(fact.Source, problem, RejectionKind.Subject));
                    return;
                }
                var given = administration.Effective switch
                {
                    FhirDateTime on => on.Value,
                    Period period => period.Start ?? period.End,
                    _ => null,
                };
                if (!FhirDates.TryParse(given, out var date) || date > now.AddDays(1))
                {
                    rejected.Add(new RejectedInput(fact.Source, "a dose with no usable effective date (or one in the future): not counted",
                        RejectionKind.Date));
                    return;
                }
                doses.Add(fact with { Since = date, LastRecordOn = date, Administered = true });
            });
        return doses;
    }
}
