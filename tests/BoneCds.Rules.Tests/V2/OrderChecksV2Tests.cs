using Hl7.Fhir.Model;

namespace BoneCds.Rules.Tests.V2;

/// <summary>clinical-rules.md v2 "Order checks": each check with its draft order named as an EHR names it.</summary>
public class OrderChecksV2Tests
{
    private static EvaluationResult Sign(PatientRecord record, string draft) => record.Evaluate(RequestKind.OrderSign, [PatientRecord.Draft(draft)]);

    [Theory]
    [InlineData("alendronate 70 MG Oral Tablet")]
    [InlineData("denosumab 60 MG/ML Prefilled Syringe [Prolia]")]
    public void An_antiresorptive_with_25OHD_below_20_warns_and_offers_the_daily_repletion(string drug)
    {
        var card = Sign(PatientRecord.Woman(70).VitaminD(14).Calcium(9.4m).Egfr(70), drug).CardWith(RuleIds.OrderBisphosphonateLowVitD);
        Assert.Equal(Indicators.Warning, card.Indicator);
        var dose = (MedicationRequest)card.Suggestions![0].Actions[0].Resource!;
        Assert.Equal(6000m, ((Quantity)dose.DosageInstruction[0].DoseAndRate[0].Dose).Value);
    }

    [Fact]
    public void An_antiresorptive_with_low_vitamin_d_and_hypercalcaemia_offers_no_vitamin_d()
    {
        // The review's case: possible primary hyperparathyroidism (Ca 11.1, PTH 88, 25(OH)D 14) with alendronate drafted.
        var r = Sign(PatientRecord.Woman(70).VitaminD(14).Calcium(11.1m).Pth(88), "alendronate 70 MG Oral Tablet");
        var card = r.CardWith(RuleIds.OrderBisphosphonateLowVitD);
        Assert.Null(card.Suggestions);
        Assert.Contains("No vitamin D dose is suggested", card.Detail);
    }

    [Theory]
    [InlineData("8.4", "mg/dL", true)]
    [InlineData("8.5", "mg/dL", false)]
    [InlineData("2.11", "mmol/L", true)]
    [InlineData("2.12", "mmol/L", false)]
    public void An_antiresorptive_with_hypocalcaemia_warns_to_correct_it_first(string calcium, string unit, bool warns)
    {
        var record = PatientRecord.Woman(70).VitaminD(35).Egfr(70)
            .Lab(unit == "mmol/L" ? "2000-8" : "17861-6", decimal.Parse(calcium, System.Globalization.CultureInfo.InvariantCulture), unit);
        foreach (var drug in new[] { "risedronate 35 MG", "denosumab 60 MG/ML" })
        {
            var card = Sign(record, drug).FindCard(RuleIds.OrderAntiresorptiveHypocalcaemia);
            Assert.Equal(warns, card is not null);
            if (warns) Assert.Equal(Indicators.Warning, card!.Indicator);
        }
    }

    [Theory]
    [InlineData("alendronate 70 MG Oral Tablet", "34", true)]
    [InlineData("alendronate 70 MG Oral Tablet", "35", false)]
    [InlineData("zoledronic acid 5 MG/100ML", "28", true)]
    [InlineData("ibandronate 150 MG Oral Tablet", "34", false)] // ibandronate: below 30
    [InlineData("ibandronate 150 MG Oral Tablet", "29", true)]
    public void A_bisphosphonate_below_its_renal_limit_warns(string drug, string egfr, bool warns)
    {
        var r = Sign(PatientRecord.Woman(70).VitaminD(35).Calcium(9.4m).Egfr(decimal.Parse(egfr, System.Globalization.CultureInfo.InvariantCulture)), drug);
        var card = r.FindCard(RuleIds.OrderBisphosphonateEgfr);
        Assert.Equal(warns, card is not null);
        if (warns) Assert.Equal("delete", card!.Suggestions![0].Actions[0].Type);
    }

    [Theory]
    [InlineData("29", "9.4", Indicators.Warning)]
    [InlineData("24", "8.1", Indicators.Critical)]  // the review's case: eGFR 24 and low calcium
    [InlineData("30", "8.1", null)]
    public void Denosumab_in_advanced_kidney_disease_carries_the_boxed_warning(string egfr, string calcium, string? indicator)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var r = Sign(PatientRecord.Woman(70).VitaminD(35).Calcium(decimal.Parse(calcium, inv)).Egfr(decimal.Parse(egfr, inv)), "Prolia 60 MG/ML");
        var card = r.FindCard(RuleIds.OrderDenosumabCkd);
        Assert.Equal(indicator, card?.Indicator);
        if (card is not null) Assert.Contains("boxed warning", card.Summary + card.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("teriparatide 20 MCG", "11.0", null, true)]
    [InlineData("abaloparatide 80 MCG", "11.0", "80", true)]
    [InlineData("teriparatide 20 MCG", "9.6", null, false)]
    public void An_anabolic_agent_with_hypercalcaemia_or_primary_hpt_warns(string drug, string calcium, string? pth, bool warns)
    {
        var record = PatientRecord.Woman(70).VitaminD(35).Calcium(decimal.Parse(calcium, System.Globalization.CultureInfo.InvariantCulture));
        if (pth is not null) record.Pth(decimal.Parse(pth, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(warns, Sign(record, drug).FindCard(RuleIds.OrderAnabolicHypercalcaemia) is not null);
    }

    [Theory]
    [InlineData("calcitriol 0.25 MCG Oral Capsule")]
    [InlineData("calcifediol 30 MCG")]
    [InlineData("alfacalcidol 1 MCG")]
    [InlineData("ergocalciferol 50000 UNT")]
    [InlineData("Calcium Carbonate 600 MG / Cholecalciferol 400 UNT")]
    public void Every_vitamin_d_form_is_checked_against_hypercalcaemia(string drug) =>
        Assert.Equal(Indicators.Warning, Sign(PatientRecord.Woman(70).Calcium(11.0m), drug).CardWith(RuleIds.OrderVitDHigh).Indicator);

    [Fact]
    public void A_vitamin_d_analogue_with_toxic_25OHD_is_critical() =>
        Assert.Equal(Indicators.Critical, Sign(PatientRecord.Woman(70).VitaminD(160), "calcitriol 0.5 MCG").CardWith(RuleIds.OrderVitDHigh).Indicator);

    [Theory]
    [InlineData("phytonadione 5 MG Oral Tablet")]
    [InlineData("menaquinone-7 180 MCG")]
    public void Vitamin_k1_or_k2_with_a_vitamin_k_antagonist_is_critical(string drug)
    {
        var r = PatientRecord.Woman(70).Warfarin().Evaluate(RequestKind.OrderSelect, [PatientRecord.Draft(drug)]);
        Assert.Equal(Indicators.Critical, r.CardWith(RuleIds.OrderK2Vka).Indicator);
    }

    [Theory]
    [InlineData("atorvastatin calcium 20 MG")]
    [InlineData("esomeprazole magnesium 40 MG")]
    public void A_drug_salt_is_not_checked_as_a_supplement(string drug)
    {
        var r = Sign(PatientRecord.Woman(70).Calcium(11.2m).Egfr(20), drug);
        Assert.DoesNotContain(r.Cards, c => c.RuleIds.Contains(RuleIds.OrderCalciumHypercalcaemia) || c.RuleIds.Contains(RuleIds.OrderMagnesiumEgfr));
    }

    public static TheoryData<string, RequestKind> HypercalcaemicScenarios()
    {
        var data = new TheoryData<string, RequestKind>();
        foreach (var drug in new[] { "alendronate 70 MG", "denosumab 60 MG/ML", "cholecalciferol 1000 UNT", "calcium carbonate 500 MG",
                     "teriparatide 20 MCG", "magnesium oxide 400 MG", "menaquinone-7 180 MCG" })
            foreach (var kind in new[] { RequestKind.OrderSelect, RequestKind.OrderSign, RequestKind.PatientView, RequestKind.AssessmentApi })
                data.Add(drug, kind);
        return data;
    }

    /// <summary>"No calcium or vitamin D create action anywhere, in any card or hook, while hypercalcaemic" (v2).</summary>
    [Theory]
    [MemberData(nameof(HypercalcaemicScenarios))]
    public void No_vitamin_d_or_calcium_is_ever_suggested_while_hypercalcaemic(string drug, RequestKind kind)
    {
        foreach (var vitaminD in new[] { 8m, 14m, 25m })
        {
            var r = PatientRecord.Woman(70).VitaminD(vitaminD).Calcium(11.1m).Pth(88).FemoralNeckT(-2.7m).Egfr(60)
                .Evaluate(kind, [PatientRecord.Draft(drug)]);
            var created = r.Cards.SelectMany(c => c.Suggestions ?? []).SelectMany(s => s.Actions)
                .Where(a => a.Type == ActionTypes.Create && a.Resource is MedicationRequest).Select(a => a.Description).ToList();
            Assert.DoesNotContain(created, text => text.Contains("Vitamin D3") || text.Contains("calcium", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(r.Cards, c => c.RuleIds.Contains(RuleIds.CaHypercalcaemia));
        }
    }
}
