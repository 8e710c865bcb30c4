using Hl7.Fhir.Model;

namespace BoneCds.Rules.Tests;

/// <summary>Cards, doses and safety suppressions of clinical-rules.md "Recommendations".</summary>
public class RecommendationTests
{
    private static PatientRecord Vignette() =>
        PatientRecord.Woman(68).VitaminD(12).Pth(82).Calcium(9.4m).FemoralNeckT(-2.7m).Egfr(70);

    [Fact]
    public void Vignette_gives_repletion_warning_with_secondary_hpt_and_an_osteoporosis_card()
    {
        var r = Vignette().Evaluate();
        var vitD = r.CardWith(RuleIds.VitDDeficient);
        Assert.Equal(Indicators.Warning, vitD.Indicator);
        Assert.Contains(RuleIds.PthSecondaryHpt, vitD.RuleIds);
        Assert.Contains("secondary hyperparathyroidism", vitD.Summary + vitD.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("at-most-one", vitD.SelectionBehavior);
        // ES 2024: the daily course is the recommended suggestion, the weekly high dose the alternative.
        var daily = (MedicationRequest)vitD.Suggestions![0].Actions[0].Resource!;
        Assert.True(vitD.Suggestions[0].IsRecommended);
        Assert.Equal(6000m, ((Quantity)daily.DosageInstruction[0].DoseAndRate[0].Dose).Value);
        Assert.Equal("Patient/p1", daily.Subject.Reference);
        var weekly = (MedicationRequest)vitD.Suggestions[1].Actions[0].Resource!;
        Assert.False(vitD.Suggestions[1].IsRecommended);
        Assert.Equal(50000m, ((Quantity)weekly.DosageInstruction[0].DoseAndRate[0].Dose).Value);

        var osteo = r.CardWith(RuleIds.RiskHigh);
        Assert.Equal(Indicators.Warning, osteo.Indicator);
        Assert.Contains("femoral neck", osteo.Summary);
        Assert.NotNull(r.FindCard(RuleIds.SuppK2));
    }

    [Fact]
    public void Severe_deficiency_with_secondary_hpt_is_critical()
    {
        var r = PatientRecord.Woman().VitaminD(8).Pth(90).Calcium(9.0m).Evaluate();
        Assert.Equal(Indicators.Critical, r.CardWith(RuleIds.VitDSevere).Indicator);
    }

    [Fact]
    public void Severe_deficiency_without_pth_is_a_warning()
    {
        var r = PatientRecord.Woman().VitaminD(8).Evaluate();
        Assert.Equal(Indicators.Warning, r.CardWith(RuleIds.VitDSevere).Indicator);
    }

    [Theory]
    [InlineData("11289", "http://www.nlm.nih.gov/research/umls/rxnorm", "warfarin")]
    [InlineData("855332", "http://www.nlm.nih.gov/research/umls/rxnorm", "warfarin sodium 5 MG Oral Tablet")]
    [InlineData("B01AA07", "http://www.whocc.no/atc", "acenocoumarol")]
    [InlineData("B01AA04", "http://www.whocc.no/atc", "")]
    [InlineData("x", "urn:local", "Marcumar (phenprocoumon) 3 mg")]
    public void Vitamin_k_antagonist_suppresses_k2_and_says_why(string code, string system, string display)
    {
        var r = Vignette().Medication(system, code, display).Evaluate();
        Assert.Null(r.FindCard(RuleIds.SuppK2));
        var warning = r.CardWith(RuleIds.SafetyK2Vka);
        Assert.Equal(Indicators.Warning, warning.Indicator);
        Assert.Null(warning.Suggestions);
        Assert.Contains("vitamin K antagonist", warning.Summary + warning.Detail);
        Assert.DoesNotContain(r.Cards.SelectMany(c => c.Suggestions ?? []), s => s.Label.Contains("K2"));
    }

    [Fact]
    public void Stopped_warfarin_does_not_suppress_k2()
    {
        var r = Vignette().Medication("http://www.nlm.nih.gov/research/umls/rxnorm", "11289", "warfarin", MedicationRequest.MedicationrequestStatus.Stopped).Evaluate();
        Assert.NotNull(r.FindCard(RuleIds.SuppK2));
    }

    [Fact]
    public void Hypercalcaemia_suppresses_calcium_and_vitamin_d_dosing()
    {
        var r = PatientRecord.Woman().VitaminD(12).Calcium(11.2m).SpineT(-2.0m).Evaluate();
        Assert.Null(r.FindCard(RuleIds.SuppCalcium));
        var vitD = r.CardWith(RuleIds.VitDDeficient);
        Assert.Null(vitD.Suggestions);
        // v3 wording: find the cause first; repletion is a specialist decision; nothing that reads as "start repletion".
        Assert.Contains("find the cause first", vitD.Summary);
        Assert.Contains("any vitamin D repletion is a specialist decision", vitD.Detail);
        Assert.DoesNotContain("start", (vitD.Summary + vitD.Detail).ToLowerInvariant().Replace("starting", ""));
        var hyper = r.CardWith(RuleIds.CaHypercalcaemia);
        Assert.Equal(Indicators.Warning, hyper.Indicator);
        Assert.DoesNotContain(r.Cards.SelectMany(c => c.Suggestions ?? []).SelectMany(s => s.Actions),
            a => a.Resource is MedicationRequest mr && (mr.Medication as CodeableConcept)!.Text.Contains("alcium"));
    }

    [Fact]
    public void High_pth_with_hypercalcaemia_is_possible_primary_hyperparathyroidism()
    {
        var r = PatientRecord.Woman().VitaminD(25).Pth(95).Calcium(11.0m).Evaluate();
        Assert.True(r.Fired(RuleIds.PthPrimaryHpt));
        Assert.False(r.Assessment.Minerals.SecondaryHyperparathyroidism);
        Assert.Contains("primary hyperparathyroidism", r.CardWith(RuleIds.PthPrimaryHpt).Summary);
    }

    [Theory]
    [InlineData("29.9", false)]
    [InlineData("30", true)]
    public void Magnesium_is_not_suggested_when_egfr_below_30(string egfr, bool suggested)
    {
        var r = PatientRecord.Woman().SpineT(-1.8m).Egfr(decimal.Parse(egfr, System.Globalization.CultureInfo.InvariantCulture)).Evaluate();
        Assert.Equal(suggested, r.FindCard(RuleIds.SuppMagnesium) is not null);
        Assert.Equal(!suggested, r.FindCard(RuleIds.SafetyMagnesiumEgfr) is not null);
    }

    [Fact]
    public void Osteopenia_gets_calcium_magnesium_and_k2_info_cards_but_no_pharmacological_warning()
    {
        var r = PatientRecord.Woman().SpineT(-1.5m).VitaminD(35).Evaluate();
        Assert.Equal(Indicators.Info, r.CardWith(RuleIds.SuppCalcium).Indicator);
        Assert.Contains("1,200 mg/day", r.CardWith(RuleIds.SuppCalcium).Detail);
        Assert.Contains("350 mg/day", r.CardWith(RuleIds.SuppMagnesium).Detail);
        Assert.Contains("modest", r.CardWith(RuleIds.SuppK2).Detail);
        Assert.Null(r.FindCard(RuleIds.RiskHigh));
    }

    [Fact]
    public void Normal_bone_density_gets_no_supplement_cards()
    {
        var r = PatientRecord.Woman().SpineT(-0.5m).VitaminD(35).Evaluate();
        Assert.Null(r.FindCard(RuleIds.SuppCalcium));
        Assert.Null(r.FindCard(RuleIds.SuppK2));
    }

    [Fact]
    public void Insufficiency_with_an_indication_is_info_with_2000_iu()
    {
        var card = PatientRecord.Woman().SpineT(-1.8m).VitaminD(25).Evaluate().CardWith(RuleIds.VitDInsufficient);
        Assert.Equal(Indicators.Info, card.Indicator);
        Assert.Contains("1,500-2,000 IU", card.Summary);
        Assert.NotNull(card.Suggestions);
    }

    [Fact]
    public void Sufficiency_card_only_in_patient_view()
    {
        Assert.NotNull(PatientRecord.Woman().VitaminD(45).Evaluate(RequestKind.PatientView).FindCard(RuleIds.VitDSufficient));
        Assert.Null(PatientRecord.Woman().VitaminD(45).Evaluate(RequestKind.OrderSign).FindCard(RuleIds.VitDSufficient));
    }

    [Theory]
    [InlineData("120", Indicators.Warning, RuleIds.VitDHigh)]
    [InlineData("160", Indicators.Critical, RuleIds.VitDToxic)]
    public void High_and_toxic_vitamin_d_stop_supplements_and_check_calcium(string value, string indicator, string rule)
    {
        var r = PatientRecord.Woman().Lab("62292-8", decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), "ng/mL")
            .Medication("http://www.whocc.no/atc", "A11CC05", "colecalciferol").Evaluate();
        var card = r.CardWith(rule);
        Assert.Equal(indicator, card.Indicator);
        Assert.Contains("stop vitamin D", card.Summary);
        var actions = card.Suggestions!.Single().Actions;
        Assert.Contains(actions, a => a.Resource is ServiceRequest sr && sr.Code.Coding[0].Code == "17861-6");
        Assert.Contains(actions, a => a.Type == "delete" && a.ResourceId!.StartsWith("MedicationRequest/"));
    }

    [Fact]
    public void Postmenopausal_osteoporosis_without_vitamin_d_gets_a_test_order_card()
    {
        var card = PatientRecord.Woman().SpineT(-2.6m).Evaluate().CardWith(RuleIds.VitDTestNeeded);
        var sr = Assert.IsType<ServiceRequest>(card.Suggestions!.Single().Actions.Single().Resource);
        Assert.Equal("62292-8", sr.Code.Coding[0].Code);
    }

    [Fact]
    public void Osteocalcin_supports_but_never_drives_a_dose()
    {
        var alone = PatientRecord.Woman().Lab("2697-1", 60, "ng/mL").Evaluate();
        Assert.True(alone.Fired(RuleIds.OcHighTurnover));
        Assert.Empty(alone.Cards);
        var withBmd = PatientRecord.Woman().SpineT(-2.6m).Lab("2697-1", 60, "ng/mL").Evaluate();
        Assert.Contains("high bone turnover", withBmd.CardWith(RuleIds.RiskHigh).Detail);
    }

    [Fact]
    public void Every_card_obeys_the_cds_hooks_shape()
    {
        var records = new[]
        {
            Vignette(), Vignette().Warfarin(), PatientRecord.Woman().VitaminD(160).Calcium(11), PatientRecord.Woman().SpineT(-1.5m).VitaminD(25),
            PatientRecord.Woman(40).SpineZ(-2.4m), PatientRecord.Woman().SpineT(-2.6m),
        };
        foreach (var r in records.Select(x => x.Evaluate()))
            foreach (var c in r.Cards)
            {
                Assert.InRange(c.Summary.Length, 1, 140);
                Assert.Contains(c.Indicator, new[] { Indicators.Info, Indicators.Warning, Indicators.Critical });
                Assert.False(string.IsNullOrEmpty(c.Source.Label));
                Assert.True(Guid.TryParse(c.Uuid, out _));
                Assert.NotEmpty(c.RuleIds);
                if (c.Suggestions is not null) Assert.Contains(c.SelectionBehavior, new[] { "at-most-one", "any" });
            }
    }

    [Fact]
    public void Card_uuids_are_stable_for_the_same_hook_instance()
    {
        var a = Vignette().Evaluate().Cards.Select(c => c.Uuid).ToList();
        var b = Vignette().Evaluate().Cards.Select(c => c.Uuid).ToList();
        Assert.Equal(a, b);
        Assert.Equal(a.Count, a.Distinct().Count());
    }
}

public class DietaryReferenceTests
{
    [Theory]
    [InlineData("female", 65, "1,200 mg/day", "320 mg/day")]
    [InlineData("male", 65, "1,000 mg/day", "420 mg/day")]
    [InlineData("male", 75, "1,200 mg/day", "420 mg/day")]
    public void Calcium_and_magnesium_targets_follow_the_iom_tables_for_the_patient(string sex, int age, string calcium, string magnesium)
    {
        var record = sex == "male" ? PatientRecord.Man(age) : PatientRecord.Woman(age);
        var r = record.SpineT(-1.8m).Evaluate();
        var nutrition = r.CardWith(RuleIds.Nutrition);
        Assert.Contains(calcium, nutrition.Summary);
        Assert.Contains(magnesium, nutrition.Detail);
    }

    [Fact]
    public void Raised_pth_with_deficiency_but_no_calcium_asks_for_calcium()
    {
        var r = PatientRecord.Woman().VitaminD(12).Pth(90).Evaluate();
        Assert.False(r.Assessment.Minerals.SecondaryHyperparathyroidism);
        Assert.Contains("no serum calcium is on record", r.CardWith(RuleIds.VitDDeficient).Detail);
    }
}

public class MedicationSafetyTests
{
    [Fact]
    public void Warfarin_order_with_an_unreadable_status_still_suppresses_k2()
    {
        var parsed = BoneCds.Rules.Fhir.FhirResourceParser.Parse("""
            {"resourceType":"Bundle","type":"collection","entry":[
              {"resource":{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1955-01-01"}},
              {"resource":{"resourceType":"Observation","id":"t","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"38267-1"}]},
                "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-10-01","valueQuantity":{"value":-1.8,"unit":"{T-score}"}}},
              {"resource":{"resourceType":"MedicationRequest","id":"w","status":"actve","intent":"order",
                "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"11289","display":"warfarin"}]},
                "subject":{"reference":"Patient/p1"}}}]}
            """, "body");
        var r = new BoneCds.Rules.Assessment.BoneHealthEvaluator(new RuleThresholds())
            .Evaluate([parsed.Resource], "p1", PatientRecord.Now, RequestKind.PatientView, "h", null, parsed.RejectedEntries);
        Assert.Null(r.FindCard(RuleIds.SuppK2));
        Assert.NotNull(r.FindCard(RuleIds.SafetyK2Vka));
        Assert.Contains(r.Assessment.Input.Rejected, x => x.Source == "MedicationRequest/w");
    }
}
