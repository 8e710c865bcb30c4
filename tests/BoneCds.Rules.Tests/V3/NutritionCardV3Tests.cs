namespace BoneCds.Rules.Tests.V3;

/// <summary>clinical-rules.md v3 "Fewer, better cards": one "Bone-health nutrition" card with a suggestion per supplement.</summary>
public class NutritionCardV3Tests
{
    private static CdsCard Nutrition(PatientRecord record) => record.Evaluate().CardWith(RuleIds.Nutrition);

    private static IEnumerable<string> Labels(CdsCard card) => (card.Suggestions ?? []).Select(s => s.Label);

    [Fact]
    public void Calcium_magnesium_and_k2_are_one_info_card_with_calcium_alone_recommended()
    {
        var r = PatientRecord.Woman(65).SpineT(-1.8m).Egfr(80).Evaluate();
        var card = r.CardWith(RuleIds.Nutrition);
        Assert.Equal(RuleIds.Nutrition, card.RuleId);
        Assert.Equal(Indicators.Info, card.Indicator);
        Assert.Equal(SelectionBehaviors.Any, card.SelectionBehavior);
        Assert.Equal([true, false, false], card.Suggestions!.Select(s => s.IsRecommended == true));
        Assert.Equal(3, card.Suggestions!.Count);
        Assert.Contains("apart from an oral bisphosphonate", card.Detail);
        Assert.Single(r.Cards, c => c.RuleIds.Contains(RuleIds.SuppCalcium)); // no separate calcium, magnesium or K2 card
        Assert.Single(r.Cards, c => c.RuleIds.Contains(RuleIds.SuppMagnesium));
    }

    public static TheoryData<string, Func<PatientRecord, PatientRecord>, string, string> Safety => new()
    {
        { "hypercalcaemia", p => p.Calcium(11.2m), "Calcium", "Calcium: not suggested" },
        { "eGFR below 30", p => p.Egfr(25), "Magnesium", "Magnesium: not suggested" },
        { "warfarin", p => p.Warfarin(), "K2", "Vitamin K2: not suggested" },
    };

    [Theory]
    [MemberData(nameof(Safety))]
    public void Each_suggestion_keeps_its_own_safety_rule_and_the_detail_says_why(string why,
        Func<PatientRecord, PatientRecord> with, string withheld, string said)
    {
        var card = Nutrition(with(PatientRecord.Woman(65).SpineT(-1.8m).Egfr(80)));
        Assert.DoesNotContain(Labels(card), l => l.Contains(withheld, StringComparison.Ordinal));
        Assert.Contains(said, card.Detail);
        Assert.True(card.Suggestions!.Count == 2, $"{why} withholds one suggestion only"); // the other two stay
    }

    [Fact]
    public void A_patient_on_a_vitamin_k_antagonist_keeps_the_separate_warning_card()
    {
        var r = PatientRecord.Woman(65).SpineT(-1.8m).Warfarin().Evaluate();
        Assert.Equal(Indicators.Warning, r.Cards.Single(c => c.RuleId == RuleIds.SafetyK2Vka).Indicator);
    }

    [Theory]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "N20.0", "Calculus of kidney", true)]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "N20.9", "Urinary calculus, unspecified", true)]
    [InlineData("http://snomed.info/sct", "95570007", "Kidney stone", true)]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "N21.0", "Calculus in bladder", false)]
    public void Kidney_stones_on_record_make_dietary_calcium_the_preferred_source(string system, string code, string display,
        bool stones)
    {
        var card = Nutrition(PatientRecord.Woman(65).SpineT(-1.8m).Condition(system, code, display, clinicalStatus: "resolved"));
        Assert.Equal(stones, card.Detail!.Contains("prefer dietary calcium", StringComparison.Ordinal));
    }
}
