using Hl7.Fhir.Model;

namespace BoneCds.Rules.Tests.V4;

/// <summary>Treatment-course records shaped as EHRs write them (v4): administrations, orders with their dates, dated conditions.</summary>
public static class CourseRecords
{
    private static int _n;
    private static string Id(string prefix) => $"{prefix}-{Interlocked.Increment(ref _n)}";
    private static string DaysAgo(int days) => PatientRecord.Now.AddDays(-days).ToString("yyyy-MM-dd");
    private static ResourceReference Subject => new($"Patient/{PatientRecord.PatientId}");

    public const string Denosumab = "denosumab 60 MG/ML Prefilled Syringe";
    public const string Zoledronic = "zoledronic acid 5 MG in 100 ML Injection";
    public const string Alendronate = "alendronate 70 MG Oral Tablet";
    public const string Teriparatide = "teriparatide 0.25 MG/ML Injectable Solution";
    public const string Romosozumab = "romosozumab-aqqg 105 MG/1.17 ML Prefilled Syringe";

    /// <summary>A completed MedicationAdministration on the day given.</summary>
    public static PatientRecord Given(this PatientRecord record, string name, int daysAgo,
        MedicationAdministration.MedicationAdministrationStatusCodes status = MedicationAdministration.MedicationAdministrationStatusCodes.Completed) =>
        record.With(new MedicationAdministration
        {
            Id = Id("admin"), Status = status, Medication = new CodeableConcept { Text = name }, Subject = Subject,
            Effective = new FhirDateTime(DaysAgo(daysAgo)),
        });

    /// <summary>A MedicationRequest authored on the day given; a past one may carry its dispense validity end.</summary>
    public static PatientRecord Ordered(this PatientRecord record, string name, int authoredDaysAgo,
        MedicationRequest.MedicationrequestStatus status = MedicationRequest.MedicationrequestStatus.Active, int? validUntilDaysAgo = null,
        Dosage? dosage = null) =>
        record.With(new MedicationRequest
        {
            Id = Id("med"), Status = status, Intent = MedicationRequest.MedicationRequestIntent.Order,
            Medication = new CodeableConcept { Text = name }, Subject = Subject, AuthoredOn = DaysAgo(authoredDaysAgo),
            DispenseRequest = validUntilDaysAgo is null ? null
                : new MedicationRequest.DispenseRequestComponent { ValidityPeriod = new Period { End = DaysAgo(validUntilDaysAgo.Value) } },
            DosageInstruction = dosage is null ? [] : [dosage],
        });

    public static PatientRecord Stopped(this PatientRecord record, string name, int authoredDaysAgo, int? validUntilDaysAgo = null) =>
        record.Ordered(name, authoredDaysAgo, MedicationRequest.MedicationrequestStatus.Stopped, validUntilDaysAgo);

    /// <summary>"mg mg, times a day": the dosage a glucocorticoid's daily dose is read from.</summary>
    public static Dosage Daily(decimal mg, int timesPerDay = 1) => new()
    {
        DoseAndRate = [new Dosage.DoseAndRateComponent { Dose = new Quantity(mg, "mg") { Code = "mg" } }],
        Timing = new Timing { Repeat = new Timing.RepeatComponent { Frequency = timesPerDay, Period = 1, PeriodUnit = Timing.UnitsOfTime.D } },
    };

    /// <summary>A Condition with its onset date.</summary>
    public static PatientRecord Diagnosed(this PatientRecord record, string system, string code, string display, int? onsetDaysAgo) =>
        record.With(new Condition
        {
            Id = Id("cond"), Code = new CodeableConcept(system, code, display, display), Subject = Subject,
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
            Onset = onsetDaysAgo is null ? null : new FhirDateTime(DaysAgo(onsetDaysAgo.Value)),
        });

    public static PatientRecord Icd10(this PatientRecord record, string code, string display, int? onsetDaysAgo) =>
        record.Diagnosed("http://hl7.org/fhir/sid/icd-10-cm", code, display, onsetDaysAgo);

    /// <summary>Alkaline phosphatase (LOINC 6768-6, U/L), with its own reference range when given.</summary>
    public static PatientRecord Alp(this PatientRecord record, decimal value, int daysAgo = 10, decimal? low = null, decimal? high = null) =>
        record.With(new Observation
        {
            Id = Id("alp"), Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "6768-6"), Subject = Subject,
            Effective = new FhirDateTime(DaysAgo(daysAgo)),
            Value = new Quantity(value, "U/L") { Code = "U/L", System = "http://unitsofmeasure.org" },
            ReferenceRange = low is null && high is null ? []
                : [new Observation.ReferenceRangeComponent
                {
                    Low = low is null ? null : new Quantity(low.Value, "U/L") { Code = "U/L" },
                    High = high is null ? null : new Quantity(high.Value, "U/L") { Code = "U/L" },
                }],
        });

    public static bool Has(this EvaluationResult r, string ruleId) => r.Cards.Any(c => c.RuleIds.Contains(ruleId));
}
