using Hl7.Fhir.Model;

namespace BoneCds.Rules.Tests;

/// <summary>Status filtering, recency, comparators, units and staleness: unusable inputs are reported, never guessed.</summary>
public class InputHandlingTests
{
    [Theory]
    [InlineData(ObservationStatus.Final, true)]
    [InlineData(ObservationStatus.Amended, true)]
    [InlineData(ObservationStatus.Corrected, true)]
    [InlineData(ObservationStatus.Preliminary, false)]
    [InlineData(ObservationStatus.Cancelled, false)]
    [InlineData(ObservationStatus.EnteredInError, false)]
    public void Only_final_amended_corrected_observations_are_used(ObservationStatus status, bool used)
    {
        var r = PatientRecord.Woman().Lab("62292-8", 8, "ng/mL", status: status).Evaluate();
        Assert.Equal(used ? VitaminDTier.SevereDeficiency : VitaminDTier.Unknown, r.Assessment.VitaminD.Tier);
        Assert.Equal(!used, r.Assessment.Input.Rejected.Any(x => x.Reason.Contains("status")));
    }

    [Fact]
    public void Entered_in_error_newer_result_does_not_replace_the_older_valid_one()
    {
        var r = PatientRecord.Woman().VitaminD(25, daysAgo: 40).Lab("62292-8", 5, "ng/mL", daysAgo: 2, status: ObservationStatus.EnteredInError).Evaluate();
        Assert.Equal(VitaminDTier.Insufficiency, r.Assessment.VitaminD.Tier);
        Assert.Contains(r.Cards, c => c.RuleIds.Contains("INPUT-REJECTED") && c.Detail!.Contains("entered-in-error", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Most_recent_result_per_analyte_wins()
    {
        var r = PatientRecord.Woman().VitaminD(8, daysAgo: 200).VitaminD(35, daysAgo: 5).Evaluate();
        Assert.Equal(VitaminDTier.Sufficiency, r.Assessment.VitaminD.Tier);
    }

    [Fact]
    public void Comparator_value_lies_beyond_its_bound_and_the_card_says_the_exact_value_is_unknown()
    {
        var r = PatientRecord.Woman().Lab("62292-8", 10, "ng/mL", comparator: Quantity.QuantityComparator.LessThan).Evaluate();
        Assert.Equal(VitaminDTier.SevereDeficiency, r.Assessment.VitaminD.Tier);
        var card = r.CardWith(RuleIds.VitDSevere);
        Assert.Contains("<10 ng/mL", card.Summary);
        Assert.Contains("exact value is unknown", card.Detail);
    }

    [Fact]
    public void Missing_unit_is_an_input_error_not_a_guess()
    {
        var r = PatientRecord.Woman().Lab("62292-8", 12, null).Evaluate();
        Assert.Equal(VitaminDTier.Unknown, r.Assessment.VitaminD.Tier);
        Assert.Contains(r.Assessment.Input.Rejected, x => x.Reason.Contains("missing unit"));
    }

    [Theory]
    [InlineData("62292-8", "mg/L")]
    [InlineData("2731-8", "mg/dL")]
    [InlineData("17861-6", "mEq/L")]
    public void Unknown_unit_is_reported_with_the_accepted_units(string loinc, string unit)
    {
        var r = PatientRecord.Woman().Lab(loinc, 12, unit).Evaluate();
        var rejected = Assert.Single(r.Assessment.Input.Rejected);
        Assert.Contains($"unit '{unit}' is not accepted", rejected.Reason);
    }

    [Theory]
    [InlineData(360, false)]
    [InlineData(370, true)]
    public void Vitamin_d_older_than_12_months_is_stale_and_gets_no_dosing(int daysAgo, bool stale)
    {
        var r = PatientRecord.Woman().SpineT(-2.0m).VitaminD(12, daysAgo).Evaluate();
        Assert.Equal(stale, r.Assessment.VitaminD.Measurement!.IsStale);
        var dosing = r.Cards.Where(c => c.RuleIds.Contains(RuleIds.VitDDeficient)).ToList();
        if (stale)
        {
            Assert.Empty(dosing);
            var card = r.CardWith(RuleIds.VitDStale);
            var action = card.Suggestions!.Single().Actions.Single();
            Assert.Equal("62292-8", ((ServiceRequest)action.Resource!).Code.Coding[0].Code);
        }
        else Assert.Single(dosing);
    }

    [Theory]
    [InlineData("6.89", false)] // 6.89 pmol/L = 65.0 pg/mL: upper reference limit, not above it
    [InlineData("7.0", true)]   // 66.0 pg/mL
    public void Pth_in_pmol_per_l_is_converted(string pmol, bool high)
    {
        var r = PatientRecord.Woman().VitaminD(12).Calcium(9.4m).Lab("14866-8", decimal.Parse(pmol, System.Globalization.CultureInfo.InvariantCulture), "pmol/L").Evaluate();
        Assert.Equal(high, r.Assessment.Minerals.SecondaryHyperparathyroidism);
    }

    [Theory]
    [InlineData("10.5", "mg/dL", false)]
    [InlineData("10.51", "mg/dL", true)]
    [InlineData("2.62", "mmol/L", false)] // v2: compared in the reported unit; the limit is "> 2.62 mmol/L"
    [InlineData("2.63", "mmol/L", true)]
    public void Hypercalcaemia_boundary_in_both_units(string value, string unit, bool hyper)
    {
        var r = PatientRecord.Woman().Lab("17861-6", decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), unit).Evaluate();
        Assert.Equal(hyper, r.Assessment.Minerals.Hypercalcaemia);
    }

    [Fact]
    public void Observation_of_another_patient_is_rejected()
    {
        var other = new Observation
        {
            Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "62292-8"),
            Subject = new ResourceReference("Patient/someone-else"), Effective = new FhirDateTime(PatientRecord.Now.AddDays(-3)),
            Value = new Quantity(5, "ng/mL", "http://unitsofmeasure.org"),
        };
        var input = new ClinicalInputReader(new StalenessWindows()).Read([other], "p1", PatientRecord.Now);
        Assert.Null(input.Get(Analyte.VitaminD25OH));
        // v3.1: excluded and counted, never named on this patient's cards.
        Assert.Equal(1, input.OtherPatientsResourcesExcluded);
        Assert.DoesNotContain(input.Rejected, x => x.Reason.Contains("not the patient"));
    }

    [Fact]
    public void Value_string_with_comparator_and_unit_is_read()
    {
        var obs = new Observation
        {
            Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "62292-8"),
            Effective = new FhirDateTime(PatientRecord.Now.AddDays(-3)), Value = new FhirString("<8 ng/mL"),
        };
        var input = new ClinicalInputReader(new StalenessWindows()).Read([obs], null, PatientRecord.Now);
        Assert.Equal(8m, input.Get(Analyte.VitaminD25OH)!.Value);
        Assert.Equal("<", input.Get(Analyte.VitaminD25OH)!.Comparator);
    }

    [Fact]
    public void Bundle_with_one_invalid_entry_keeps_the_rest_and_reports_the_bad_one()
    {
        const string json = """
        {"resourceType":"Bundle","type":"searchset","entry":[
          {"resource":{"resourceType":"Observation","id":"ok","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"62292-8"}]},
            "effectiveDateTime":"2026-11-01","valueQuantity":{"value":14,"unit":"ng/mL","system":"http://unitsofmeasure.org","code":"ng/mL"}}},
          {"resource":{"resourceType":"Observation","id":"bad","status":"finalised","code":{"coding":[{"system":"http://loinc.org","code":"2731-8"}]},
            "effectiveDateTime":"2026-11-01","valueQuantity":{"value":90,"unit":"pg/mL"}}},
          {"resource":{"resourceType":"Observation","id":"nan","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"17861-6"}]},
            "effectiveDateTime":"2026-11-01","valueQuantity":{"value":[9.1],"unit":"mg/dL"}}},
          {"resource":{"resourceType":"Starship","id":"x"}}
        ]}
        """;
        var parsed = FhirResourceParser.Parse(json, "prefetch.observations");
        var input = new ClinicalInputReader(new StalenessWindows()).Read([parsed.Resource], null, PatientRecord.Now, parsed.RejectedEntries);
        Assert.Equal(14m, input.Get(Analyte.VitaminD25OH)!.Value);
        Assert.Null(input.Get(Analyte.Pth));
        Assert.Null(input.Get(Analyte.Calcium));
        Assert.Contains(input.Rejected, r => r.Source == "Observation/bad" && r.Reason.Contains("'finalised' is not a correct code"));
        Assert.Contains(input.Rejected, r => r.Source.Contains("Observation/nan"));
        Assert.Contains(input.Rejected, r => r.Source.Contains("Starship") && r.Reason.Contains("unknown resourceType"));
    }

    [Fact]
    public void Invalid_date_rejects_the_observation_with_the_reason()
    {
        var parsed = FhirResourceParser.Parse("""
            {"resourceType":"Observation","id":"d","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"62292-8"}]},
             "effectiveDateTime":"2026-13-45","valueQuantity":{"value":14,"unit":"ng/mL"}}
            """, "x");
        var input = new ClinicalInputReader(new StalenessWindows()).Read([parsed.Resource], null, PatientRecord.Now, parsed.RejectedEntries);
        Assert.Null(input.Get(Analyte.VitaminD25OH));
        Assert.Contains(input.Rejected, r => r.Source == "Observation/d");
    }

    [Theory]
    [InlineData("""{"resourceType":"Nonsense"}""")]
    [InlineData("""{"resourceType":"Bundle","type":"not-a-type"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"resourceType":"Observation",""")]
    public void Unreadable_fhir_is_refused_with_a_message(string json)
    {
        var e = Assert.Throws<FhirInputException>(() => FhirResourceParser.Parse(json, "body"));
        Assert.StartsWith("body:", e.Message);
    }
}
