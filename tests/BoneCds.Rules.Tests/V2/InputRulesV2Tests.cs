using System.Globalization;
using Hl7.Fhir.Model;

namespace BoneCds.Rules.Tests.V2;

/// <summary>clinical-rules.md v2 "Inputs": one row per line — ties, comparators, SI thresholds, UCUM units, references.</summary>
public class InputRulesV2Tests
{
    private static decimal D(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void At_the_same_time_a_total_25OHD_beats_a_fraction_whatever_the_bundle_order(bool fractionFirst)
    {
        var record = PatientRecord.Woman();
        if (fractionFirst) record.Lab("1989-3", 8, "ng/mL", daysAgo: 5).Lab("62292-8", 25, "ng/mL", daysAgo: 5);
        else record.Lab("62292-8", 25, "ng/mL", daysAgo: 5).Lab("1989-3", 8, "ng/mL", daysAgo: 5);
        var r = record.Evaluate();
        Assert.Equal(VitaminDTier.Insufficiency, r.Assessment.VitaminD.Tier);
        Assert.Equal("62292-8", r.Assessment.VitaminD.Measurement!.Entry!.Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Otherwise_the_first_code_in_the_table_wins_a_tie(bool reversed)
    {
        // Race-based eGFR pairs are reported together: 48642-3 (non-black) comes before 48643-1 in the table.
        var record = PatientRecord.Woman().SpineT(-1.8m);
        if (reversed) record.Lab("48643-1", 34, "mL/min/{1.73_m2}").Lab("48642-3", 28, "mL/min/{1.73_m2}");
        else record.Lab("48642-3", 28, "mL/min/{1.73_m2}").Lab("48643-1", 34, "mL/min/{1.73_m2}");
        var r = record.Evaluate();
        Assert.Equal(28m, r.Assessment.Input.Get(Analyte.Egfr)!.Value);
        Assert.True(r.Assessment.Minerals.MagnesiumContraindicatedByEgfr);
    }

    [Theory]
    [InlineData("<", "10", VitaminDTier.SevereDeficiency)]      // "<10 ng/mL is severe deficiency"
    [InlineData("<", "20", VitaminDTier.ModerateDeficiency)]
    [InlineData("<=", "10", VitaminDTier.ModerateDeficiency)]   // "<= and >= are the bound itself"
    [InlineData(">", "100", VitaminDTier.High)]                // ">100 ng/mL is high"
    [InlineData(">", "150", VitaminDTier.PotentialToxicity)]   // ">150 is potential toxicity"
    [InlineData(">=", "150", VitaminDTier.High)]
    [InlineData(">", "30", VitaminDTier.Sufficiency)]
    public void Comparators_fall_into_the_tier_beyond_their_bound(string comparator, string value, VitaminDTier tier)
    {
        var r = PatientRecord.Woman().Lab("62292-8", D(value), "ng/mL", comparator: Comparator(comparator)).Evaluate();
        Assert.Equal(tier, r.Assessment.VitaminD.Tier);
        var card = r.Cards.Single(c => c.RuleIds.Contains(r.Assessment.VitaminD.RuleId!));
        Assert.Contains($"{comparator}{value} ng/mL", card.Summary + card.Detail);
        if (comparator is "<" or ">") Assert.Contains("exact value is unknown", card.Detail);
    }

    [Fact]
    public void A_calcium_reported_above_the_limit_with_a_comparator_is_hypercalcaemia()
    {
        var r = PatientRecord.Woman().Lab("17861-6", 10.5m, "mg/dL", comparator: Quantity.QuantityComparator.GreaterThan).Evaluate();
        Assert.True(r.Assessment.Minerals.Hypercalcaemia);
    }

    public static Quantity.QuantityComparator Comparator(string text) => text switch
    {
        "<" => Quantity.QuantityComparator.LessThan,
        "<=" => Quantity.QuantityComparator.LessOrEqual,
        ">" => Quantity.QuantityComparator.GreaterThan,
        _ => Quantity.QuantityComparator.GreaterOrEqual,
    };

    // "Thresholds in the reported unit": an SI result is compared with the SI threshold, not converted first.
    [Theory]
    [InlineData("17861-6", "10.5", "mg/dL", false)]
    [InlineData("17861-6", "10.51", "mg/dL", true)]
    [InlineData("2000-8", "2.62", "mmol/L", false)]
    [InlineData("2000-8", "2.63", "mmol/L", true)]
    [InlineData("49765-1", "10.6", "mg/dL", true)] // calcium in blood (Synthea)
    public void Hypercalcaemia_at_each_boundary(string loinc, string value, string unit, bool expected) =>
        Assert.Equal(expected, PatientRecord.Woman().Lab(loinc, D(value), unit).Evaluate().Assessment.Minerals.Hypercalcaemia);

    [Theory]
    [InlineData("8.5", "mg/dL", false)]
    [InlineData("8.49", "mg/dL", true)]
    [InlineData("2.12", "mmol/L", false)]
    [InlineData("2.11", "mmol/L", true)]
    public void Hypocalcaemia_at_each_boundary_gives_the_ca_hypocalcaemia_warning(string value, string unit, bool expected)
    {
        var r = PatientRecord.Woman().Lab(unit == "mmol/L" ? "2000-8" : "17861-6", D(value), unit).Evaluate();
        Assert.Equal(expected, r.Assessment.Minerals.Hypocalcaemia);
        var card = r.FindCard(RuleIds.CaHypocalcaemia);
        Assert.Equal(expected, card is not null);
        if (expected)
        {
            Assert.Equal(Indicators.Warning, card!.Indicator);
            Assert.Contains("albumin-corrected or ionised calcium", card.Detail);
            Assert.Contains("before any antiresorptive", card.Detail);
        }
    }

    [Theory]
    [InlineData("65", "pg/mL", false)]
    [InlineData("65.1", "pg/mL", true)]
    [InlineData("6.9", "pmol/L", false)]  // 6.9 pmol/L is the upper limit itself, though it converts to 65.09 pg/mL
    [InlineData("7.0", "pmol/L", true)]
    public void Pth_upper_limit_in_each_unit(string value, string unit, bool high)
    {
        var r = PatientRecord.Woman().VitaminD(12).Calcium(9.4m).Lab(unit == "pmol/L" ? "14866-8" : "2731-8", D(value), unit).Evaluate();
        Assert.Equal(high, r.Assessment.Minerals.PthHigh);
    }

    [Fact]
    public void Hypocalcaemia_with_low_vitamin_d_keeps_repletion_appropriate()
    {
        var r = PatientRecord.Woman().VitaminD(12).Calcium(8.1m).Evaluate();
        Assert.Contains("repletion stay appropriate", r.CardWith(RuleIds.CaHypocalcaemia).Detail);
        Assert.NotNull(r.CardWith(RuleIds.VitDDeficient).Suggestions);
    }

    [Theory]
    [InlineData("mg/dL", null, "mg/dL")]            // US Core's serum-calcium example: a unit and no code
    [InlineData("mg/dl", null, "mg/dl")]            // UCUM litre may be written l
    [InlineData("mg/dL", "mg/dL", "mg/dL")]
    public void A_quantity_is_read_by_its_ucum_unit_text_when_it_has_no_code(string unit, string? code, string shown)
    {
        var observation = new Observation
        {
            Id = "ca", Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "17861-6"),
            Subject = new ResourceReference("Patient/p1"), Effective = new FhirDateTime(PatientRecord.Now.AddDays(-3)),
            Value = new Quantity { Value = 11.2m, Unit = unit, Code = code, System = code is null ? null : "http://unitsofmeasure.org" },
        };
        var r = PatientRecord.Woman().With(observation).Evaluate();
        Assert.True(r.Assessment.Minerals.Hypercalcaemia);
        Assert.Equal($"11.2 {shown}", r.Assessment.Input.Get(Analyte.Calcium)!.Reported);
    }

    [Theory]
    [InlineData("{T-Score}", "T-Score", "-2.7 T-Score")]   // US Core STU5/6
    [InlineData("1", "T-Score", "-2.7 T-Score")]           // US Core STU7+: people see the text, never a bare "1"
    [InlineData("1", null, "-2.7")]
    [InlineData("{t-score}", null, "-2.7 t-score")]
    public void Score_units_are_read_without_regard_to_case_and_shown_as_written(string code, string? unit, string reported)
    {
        var observation = new Observation
        {
            Id = "dxa", Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "80946-7"),
            Subject = new ResourceReference("Patient/p1"), Effective = new FhirDateTime(PatientRecord.Now.AddDays(-30)),
            Value = new Quantity { Value = -2.7m, Unit = unit, Code = code, System = "http://unitsofmeasure.org" },
        };
        var r = PatientRecord.Woman().With(observation).Evaluate();
        Assert.Equal(BoneDensityCategory.Osteoporosis, r.Assessment.BoneDensity.Category);
        Assert.Equal(reported, r.Assessment.BoneDensity.DrivingMeasurement!.Reported);
    }

    [Theory]
    [InlineData("urn:uuid:p1-full-url", true)]       // the Patient entry's fullUrl (Synthea, transaction Bundles)
    [InlineData("urn:uuid:another-patient", false)]  // resolves to a different Patient entry
    [InlineData("urn:uuid:not-in-the-bundle", true)] // unresolvable: not "another patient's"
    [InlineData("Patient/p1", true)]
    [InlineData("https://ehr.example/fhir/Patient/p1", true)]
    [InlineData("Patient/p2", false)]
    public void References_resolve_the_fhir_way(string subject, bool used)
    {
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry =
            [
                new() { FullUrl = "urn:uuid:p1-full-url", Resource = new Patient { Id = "p1", Gender = AdministrativeGender.Female, BirthDate = "1950" } },
                new() { FullUrl = "urn:uuid:another-patient", Resource = new Patient { Id = "p2" } },
                new()
                {
                    FullUrl = "urn:uuid:obs",
                    Resource = new Observation
                    {
                        Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "62292-8"),
                        Subject = new ResourceReference(subject), Effective = new FhirDateTime(PatientRecord.Now.AddDays(-3)),
                        Value = new Quantity(12, "ng/mL", "http://unitsofmeasure.org"),
                    },
                },
            ],
        };
        var input = new ClinicalInputReader(new StalenessWindows()).Read([bundle], "p1", PatientRecord.Now);
        Assert.Equal(used, input.Get(Analyte.VitaminD25OH) is not null);
        // v3.1: another patient's result (and Patient) is excluded and only counted, never named.
        Assert.Equal(!used, input.OtherPatientsResourcesExcluded > 1);
        Assert.DoesNotContain(input.Rejected, x => x.Reason.Contains("not the patient in context"));
    }

    [Theory]
    [InlineData("38266-3", "calcaneus is a non-diagnostic site")]
    [InlineData("85390-3", "humerus is a non-diagnostic site")]
    public void Known_but_unusable_dxa_sites_are_reported_not_dropped(string loinc, string reason)
    {
        var r = PatientRecord.Woman().Lab(loinc, -3.1m, "{T-score}").Evaluate();
        Assert.Equal(BoneDensityCategory.NotAssessed, r.Assessment.BoneDensity.Category);
        Assert.Contains(r.Assessment.Input.Rejected, x => x.Reason.Contains(reason));
        Assert.Contains(reason, r.CardWith(RuleIds.InputRejected).Detail);
    }

    [Fact]
    public void A_t_score_whose_site_cannot_be_told_is_reported_not_dropped()
    {
        var observation = new Observation
        {
            Id = "t", Status = ObservationStatus.Final, Code = new CodeableConcept("http://example.org/local", "BMD-T", "Bone density T-score"),
            Subject = new ResourceReference("Patient/p1"), Effective = new FhirDateTime(PatientRecord.Now.AddDays(-30)),
            Value = new Quantity { Value = -2.9m, Code = "{T-score}", System = "http://unitsofmeasure.org" },
        };
        var r = PatientRecord.Woman().With(observation).Evaluate();
        Assert.Contains(r.Assessment.Input.Rejected, x => x.Source == "Observation/t" && x.Reason.Contains("skeletal site cannot be told"));
    }

    [Theory]
    [InlineData(RequestKind.PatientView, false)]   // prefetched search results always name their patient
    [InlineData(RequestKind.AssessmentApi, true)]  // a posted Bundle may be one patient's record
    public void A_result_without_a_subject_is_attributed_only_in_a_posted_bundle(RequestKind kind, bool used)
    {
        var observation = new Observation
        {
            Id = "no-subject", Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "62292-8"),
            Effective = new FhirDateTime(PatientRecord.Now.AddDays(-3)), Value = new Quantity(12, "ng/mL", "http://unitsofmeasure.org"),
        };
        var r = PatientRecord.Woman().With(observation).Evaluate(kind);
        Assert.Equal(used, r.Assessment.VitaminD.Measurement is not null);
        Assert.Equal(!used, r.Assessment.Input.Rejected.Any(x => x.Reason.StartsWith("no subject")));
    }

    [Fact]
    public void A_medication_reference_with_a_version_resolves_to_the_medication()
    {
        var medication = new Medication { Id = "m1", Code = new CodeableConcept(MedicationCatalog.RxNormSystem, "11289", "warfarin") };
        var request = new MedicationRequest
        {
            Id = "w", Status = MedicationRequest.MedicationrequestStatus.Active, Intent = MedicationRequest.MedicationRequestIntent.Order,
            Medication = new ResourceReference("Medication/m1/_history/2"), Subject = new ResourceReference("Patient/p1"),
        };
        var r = PatientRecord.Woman().With(medication).With(request).Evaluate();
        Assert.True(r.Assessment.Input.OnMedication(MedicationClass.VitaminKAntagonist));
    }

    [Fact]
    public void A_stale_high_calcium_still_withholds_calcium_and_vitamin_d_dosing()
    {
        var r = PatientRecord.Woman().SpineT(-1.8m).VitaminD(12).Calcium(11.2m, daysAgo: 300).Evaluate();
        Assert.True(r.Assessment.Input.Get(Analyte.Calcium)!.IsStale);
        Assert.Null(r.CardWith(RuleIds.VitDDeficient).Suggestions);
        Assert.Null(r.FindCard(RuleIds.SuppCalcium));
    }
}
