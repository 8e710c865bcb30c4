using Hl7.Fhir.Model;

namespace BoneCds.Rules.Tests;

/// <summary>Builds a patient's FHIR record with the Firely POCOs, then runs the real evaluator over it.</summary>
public sealed class PatientRecord
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    public const string PatientId = "p1";
    private readonly List<Resource> _resources = [];
    private int _n;

    public static PatientRecord Woman(int age = 65) => new PatientRecord().WithPatient(AdministrativeGender.Female, age);
    public static PatientRecord Man(int age = 65) => new PatientRecord().WithPatient(AdministrativeGender.Male, age);

    public static PatientRecord Person(AdministrativeGender? gender, int? age) => new PatientRecord().WithPatient(gender, age);

    public PatientRecord WithPatient(AdministrativeGender? gender, int? age)
    {
        _resources.Add(new Patient { Id = PatientId, Gender = gender, BirthDate = age is null ? null : $"{Now.Year - age}-01-15" });
        return this;
    }

    /// <summary>Any resource as an EHR would send it.</summary>
    public PatientRecord With(Resource resource)
    {
        _resources.Add(resource);
        return this;
    }

    public IReadOnlyList<Resource> Resources => _resources;

    public PatientRecord Lab(string loinc, decimal? value, string? unit, int daysAgo = 10, ObservationStatus status = ObservationStatus.Final,
        Quantity.QuantityComparator? comparator = null, CodeableConcept? bodySite = null, string? id = null)
    {
        var q = value is null ? null : new Quantity { Value = value, Comparator = comparator, Unit = unit, Code = unit, System = unit is null ? null : "http://unitsofmeasure.org" };
        _resources.Add(new Observation
        {
            Id = id ?? $"obs-{++_n}",
            Status = status,
            Code = new CodeableConcept("http://loinc.org", loinc),
            Subject = new ResourceReference($"Patient/{PatientId}"),
            Effective = new FhirDateTime(Now.AddDays(-daysAgo)),
            Value = q,
            BodySite = bodySite,
        });
        return this;
    }

    public PatientRecord VitaminD(decimal ngPerMl, int daysAgo = 10) => Lab("62292-8", ngPerMl, "ng/mL", daysAgo);
    public PatientRecord Pth(decimal pgPerMl, int daysAgo = 10) => Lab("2731-8", pgPerMl, "pg/mL", daysAgo);
    public PatientRecord Calcium(decimal mgPerDl, int daysAgo = 10) => Lab("17861-6", mgPerDl, "mg/dL", daysAgo);
    public PatientRecord Egfr(decimal value) => Lab("98979-8", value, "mL/min/{1.73_m2}");
    public PatientRecord SpineT(decimal t, int daysAgo = 30) => Lab("38267-1", t, "{T-score}", daysAgo);
    public PatientRecord HipT(decimal t, int daysAgo = 30) => Lab("38264-8", t, "{T-score}", daysAgo);
    public PatientRecord FemoralNeckT(decimal t, int daysAgo = 30) =>
        Lab("38263-0", t, "{T-score}", daysAgo, bodySite: new CodeableConcept("http://snomed.info/sct", "29627003", "Structure of neck of femur"));
    public PatientRecord SpineZ(decimal z) => Lab("85394-5", z, "{Z-score}");

    public PatientRecord Medication(string system, string code, string display, MedicationRequest.MedicationrequestStatus status = MedicationRequest.MedicationrequestStatus.Active)
    {
        _resources.Add(new MedicationRequest
        {
            Id = $"med-{++_n}",
            Status = status,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Medication = new CodeableConcept(system, code, display, display),
            Subject = new ResourceReference($"Patient/{PatientId}"),
        });
        return this;
    }

    public PatientRecord Warfarin() => Medication("http://www.nlm.nih.gov/research/umls/rxnorm", "11289", "warfarin");

    public PatientRecord Fracture(string icd10, string display) => Condition("http://hl7.org/fhir/sid/icd-10-cm", icd10, display);

    public PatientRecord Condition(string system, string code, string display, string clinicalStatus = "active", string? verification = null)
    {
        _resources.Add(new Condition
        {
            Id = $"cond-{++_n}",
            Code = new CodeableConcept(system, code, display, display),
            Subject = new ResourceReference($"Patient/{PatientId}"),
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", clinicalStatus),
            VerificationStatus = verification is null ? null
                : new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-ver-status", verification),
        });
        return this;
    }

    /// <summary>A MedicationRequest by name only (as many EHRs send free-text or product-level medications), started some days ago.</summary>
    public PatientRecord MedicationNamed(string name, int startedDaysAgo = 30)
    {
        _resources.Add(new MedicationRequest
        {
            Id = $"med-{++_n}",
            Status = MedicationRequest.MedicationrequestStatus.Active,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Medication = new CodeableConcept { Text = name },
            Subject = new ResourceReference($"Patient/{PatientId}"),
            AuthoredOn = Now.AddDays(-startedDaysAgo).ToString("yyyy-MM-dd"),
        });
        return this;
    }

    public EvaluationResult Evaluate(RequestKind hook = RequestKind.PatientView, IReadOnlyList<DraftOrder>? drafts = null, RuleThresholds? thresholds = null) =>
        new BoneHealthEvaluator(thresholds ?? new RuleThresholds()).Evaluate(_resources, PatientId, Now, hook, "hook-1", drafts);

    public static DraftOrder Draft(string name, Rules.Inputs.MedicationClass classes) => new($"MedicationRequest/draft-{name}", name, classes, true);

    /// <summary>A draft order classified the way the service classifies one an EHR sends: by its name.</summary>
    public static DraftOrder Draft(string name) =>
        new($"MedicationRequest/draft-{name}", name, Rules.Catalogue.MedicationCatalog.Classify([], name), true);
}

public static class ResultExtensions
{
    /// <summary>The card carrying the rule, or null.</summary>
    public static CdsCard? FindCard(this EvaluationResult r, string ruleId) => r.Cards.FirstOrDefault(c => c.RuleIds.Contains(ruleId));

    /// <summary>The card carrying the rule; fails naming the rule and the cards there were, never with a NullReferenceException.</summary>
    public static CdsCard CardWith(this EvaluationResult r, string ruleId) => r.FindCard(ruleId)
        ?? throw new Xunit.Sdk.XunitException(
            $"No card carries rule {ruleId}. Cards: {string.Join("; ", r.Cards.Select(c => $"[{string.Join(",", c.RuleIds)}] {c.Summary}"))}");
    public static bool Fired(this EvaluationResult r, string ruleId) => r.Assessment.Fired(ruleId);
}
