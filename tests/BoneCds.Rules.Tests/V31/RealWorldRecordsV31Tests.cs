using Hl7.Fhir.Model;

namespace BoneCds.Rules.Tests.V31;

/// <summary>clinical-rules.md v3.1 "Real-world records": one row per line, with the shapes the 849 patients carried.</summary>
public class RealWorldRecordsV31Tests
{
    private const string Icd10 = "http://hl7.org/fhir/sid/icd-10-cm";

    [Theory]
    [InlineData("33914-3", "mL/min", 4.9)]                 // Synthea's late kidney disease
    [InlineData("98979-8", "mL/min", 28)]
    [InlineData("69405-9", "mL/min/{1.73_m2}", 28)]         // a value-set term not in the v2 table
    public void An_egfr_per_1_73_m2_in_ml_per_min_is_used_and_the_card_says_what_was_reported(string loinc, string unit, double value)
    {
        var record = PatientRecord.Woman(70).VitaminD(35).Lab(loinc, (decimal)value, unit);
        var r = record.Evaluate(RequestKind.OrderSign, [PatientRecord.Draft("alendronate 70 MG Oral Tablet")]);
        Assert.Equal((decimal)value, r.Assessment.Input.Get(Analyte.Egfr)!.Value);
        var card = r.Cards.Single(c => c.RuleId == RuleIds.OrderBisphosphonateEgfr);
        if (unit == "mL/min") Assert.Contains($"reported as {Measurement.Format((decimal)value)} mL/min", card.Detail);
    }

    [Fact]
    public void A_result_dated_only_by_effective_period_start_is_dated_by_it()
    {
        var r = PatientRecord.Woman(70).With(new Observation
        {
            Id = "dxa", Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "38267-1"),
            Subject = new ResourceReference($"Patient/{PatientRecord.PatientId}"),
            Effective = new Period { Start = PatientRecord.Now.AddDays(-20).ToString("yyyy-MM-dd") },
            Value = new Quantity(-2.8m, "{T-score}") { Code = "{T-score}" },
        }).Evaluate();
        Assert.Equal(BoneDensityCategory.Osteoporosis, r.Assessment.BoneDensity.Category);
    }

    [Theory]
    [InlineData("248152002", AdministrativeGender.Male, Sex.Female)]
    [InlineData("248153007", AdministrativeGender.Unknown, Sex.Male)]
    [InlineData(null, AdministrativeGender.Female, Sex.Female)]
    public void The_individual_sex_extension_comes_before_gender(string? code, AdministrativeGender gender, Sex expected)
    {
        var patient = new Patient { Id = PatientRecord.PatientId, Gender = gender, BirthDate = "1950-01-01" };
        if (code is not null)
            patient.Extension.Add(new Extension(PatientReader.IndividualSexUrl, new Coding("http://snomed.info/sct", code)));
        var r = new PatientRecord().With(patient).Evaluate();
        Assert.Equal(expected, r.Assessment.Input.Patient.Sex);
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(null, "2020-05-01")]
    public void A_deceased_patient_gets_no_cards_and_the_assessment_says_so(bool? deceased, string? diedOn)
    {
        var patient = new Patient
        {
            Id = PatientRecord.PatientId, Gender = AdministrativeGender.Female, BirthDate = "1904-01-01",
            Deceased = deceased is not null ? new FhirBoolean(deceased) : new FhirDateTime(diedOn),
        };
        var r = new PatientRecord().With(patient).VitaminD(8).SpineT(-3.0m).Evaluate(RequestKind.OrderSelect,
            [PatientRecord.Draft("alendronate 70 MG Oral Tablet")]);
        Assert.Empty(r.Cards);
        Assert.True(r.Assessment.Fired(RuleIds.PatientDeceased));
        if (diedOn is not null) Assert.Equal(116, r.Assessment.Input.Patient.AgeYears); // age at death, not 122
    }

    [Theory]
    [InlineData(30, true, false)]    // current low calcium: the hypocalcaemia warning
    [InlineData(400, false, true)]   // from over a year ago: a recheck line only
    public void A_stale_low_calcium_raises_no_hypocalcaemia_warning(int daysAgo, bool warning, bool recheck)
    {
        var r = PatientRecord.Woman(70).Calcium(7.7m, daysAgo).Evaluate();
        Assert.Equal(warning, r.FindCard(RuleIds.CaHypocalcaemia) is not null);
        Assert.Equal(recheck, r.Cards.Any(c => c.RuleId == RuleIds.CaLowStale));
    }

    [Theory]
    [InlineData("male", true)]
    [InlineData("female", true)]
    public void The_25ohd_check_applies_to_men_50_plus_too(string sex, bool card)
    {
        var record = sex == "male" ? PatientRecord.Man(68) : PatientRecord.Woman(68);
        var r = record.SpineT(-2.7m).Medication("http://www.nlm.nih.gov/research/umls/rxnorm", "46041", "alendronate").Evaluate();
        Assert.Equal(card, r.Cards.Any(c => c.RuleId == RuleIds.VitDTestNeeded));
    }

    [Theory]
    [InlineData("90265-0", 8.4, false)]
    [InlineData("90265-0", 21, true)]
    [InlineData("90266-8", 3.2, true)]
    public void Frax_without_a_dxa_is_named_and_at_the_threshold_a_dxa_is_suggested(string loinc, double percent, bool suggested)
    {
        var r = PatientRecord.Woman(66).Lab(loinc, (decimal)percent, "%").Evaluate();
        var card = r.Cards.Single(c => c.RuleId == RuleIds.FraxWithoutDxa);
        Assert.Contains("no DXA on record", card.Summary);
        Assert.Equal(suggested, card.Detail!.Contains("order a DXA", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("S52.501A", 67, true)]  // distal radius
    [InlineData("S42.201A", 67, true)]  // proximal humerus
    [InlineData("S32.401A", 67, true)]  // acetabulum (pelvis)
    [InlineData("S22.31XA", 67, true)]  // rib
    [InlineData("S52.501A", 45, false)] // under 50: not a fragility fracture by default
    public void Wrist_humerus_pelvis_and_rib_fractures_count_as_fracture_history_at_50_plus(string code, int age, bool counts)
    {
        var r = PatientRecord.Woman(age).SpineT(-2.7m).Condition(Icd10, code, "fracture").Evaluate();
        Assert.Equal(counts, r.Assessment.Input.FragilityFractures.Count == 1);
        if (counts)
        {
            Assert.Contains("confirm low trauma", r.Assessment.Input.FragilityFractures[0].Name);
            Assert.Equal(BoneDensityCategory.SevereOsteoporosis, r.Assessment.BoneDensity.Category);
            Assert.DoesNotContain(r.Assessment.Risk.Reasons, x => x.Contains("fragility fracture on record")); // not hip/vertebral
        }
    }

    [Theory]
    [InlineData("{4 (Risedronate 35 MG Oral Tablet [Actonel]) } Pack [Actonel]", "Risedronate 35 MG Oral Tablet")]
    [InlineData("alendronate 70 MG Oral Tablet", "alendronate 70 MG Oral Tablet")]
    public void Medications_are_named_by_ingredient_and_strength_never_a_pack_string(string written, string named)
    {
        var r = PatientRecord.Woman(70).SpineT(-2.7m).MedicationNamed(written).Evaluate();
        Assert.Equal(named, Assert.Single(r.Assessment.Input.ActiveMedications).Name);
        Assert.DoesNotContain(r.Cards, c => c.Summary.Contains('{'));
    }

    [Fact]
    public void An_osteoporosis_diagnosis_recorded_four_times_is_named_once()
    {
        var record = PatientRecord.Woman(70);
        for (var i = 0; i < 4; i++) record.Condition(Icd10, "M81.0", "Age-related osteoporosis");
        var r = record.Evaluate();
        Assert.Single(r.Assessment.Input.OsteoporosisDiagnoses);
    }
}
