using Hl7.Fhir.Model;

namespace BoneCds.Rules.Cards;

/// <summary>FHIR resources carried by suggestion actions, built with the Firely SDK (never hand-written JSON).</summary>
public static class SuggestedResources
{
    public static MedicationRequest Supplement(string? patientId, string name, CodeableConcept? code, string dosageText,
        decimal? doseValue = null, string? doseUnit = null, int? frequency = null, Timing.UnitsOfTime? period = null, int? durationWeeks =
            null)
    {
        var dosage = new Dosage { Text = dosageText };
        if (doseValue is not null)
        {
            dosage.DoseAndRate.Add(new Dosage.DoseAndRateComponent
            {
                Dose = new Quantity { Value = doseValue, Unit = doseUnit, System = "http://unitsofmeasure.org", Code = doseUnit == "IU"
                    ? "[iU]" : doseUnit },
            });
        }
        if (frequency is not null && period is not null)
        {
            var repeat = new Timing.RepeatComponent { Frequency = frequency, Period = 1, PeriodUnit = period };
            if (durationWeeks is not null) repeat.Bounds =
                new Duration { Value = durationWeeks, Unit = "wk", System = "http://unitsofmeasure.org", Code = "wk" };
            dosage.Timing = new Timing { Repeat = repeat };
        }
        return new MedicationRequest
        {
            Status = MedicationRequest.MedicationrequestStatus.Draft,
            Intent = MedicationRequest.MedicationRequestIntent.Proposal,
            Medication = code ?? new CodeableConcept { Text = name },
            Subject = PatientRef(patientId),
            DosageInstruction = [dosage],
        };
    }

    public static CodeableConcept Cholecalciferol => new()
    {
        Coding =
        [
            new Coding(MedicationCatalog.RxNormSystem, "2418", "cholecalciferol"),
            new Coding(MedicationCatalog.AtcSystem, "A11CC05", "colecalciferol"),
        ],
        Text = "Vitamin D3 (cholecalciferol)",
    };

    public static ServiceRequest LabTest(string? patientId, string loinc, string display, DateTimeOffset? when, string reason)
    {
        var sr = new ServiceRequest
        {
            Status = RequestStatus.Draft,
            Intent = RequestIntent.Proposal,
            Code = new CodeableConcept(LoincCatalog.System, loinc, display, display),
            Subject = PatientRef(patientId),
            Note = [new Annotation { Text = new Markdown(reason) }],
        };
        if (when is { } w) sr.Occurrence = new FhirDateTime(w.Year, w.Month, w.Day);
        return sr;
    }

    private static ResourceReference PatientRef(string? patientId) =>
        patientId is null ? new ResourceReference { Display = "patient in context" } : new ResourceReference($"Patient/{patientId}");
}
