using BoneCds.Rules.Suppression;

namespace BoneCds.Rules.Tests.V3;

/// <summary>clinical-rules.md v3 "Remembering the clinician's decisions", table-driven: each reason's effect, what is never
/// suppressed, the caps, and the evidence that re-arms a card.</summary>
public class SuppressionPolicyTests
{
    private const string Hl7 = NonAdherenceReasons.System;

    [Theory]
    [InlineData("indication-order-exists", ReasonEffect.Addressed)]
    [InlineData("action-completed", ReasonEffect.Addressed)]
    [InlineData("patient-ineligible", ReasonEffect.Ineligible)]
    [InlineData("patient-contraindication", ReasonEffect.Ineligible)]
    [InlineData("likely-negative-health-outcomes", ReasonEffect.Ineligible)]
    [InlineData("risk-benefit-ratio", ReasonEffect.Ineligible)]
    [InlineData("patient-refuses", ReasonEffect.Preference)]
    [InlineData("patient-fears-discomfort", ReasonEffect.Preference)]
    [InlineData("patient-does-not-want-change", ReasonEffect.Preference)]
    [InlineData("cultural-religious-reason", ReasonEffect.Preference)]
    [InlineData("prefers-alternative", ReasonEffect.Preference)]
    [InlineData("too-costly-uncovered", ReasonEffect.Preference)]
    [InlineData("limited-time", ReasonEffect.Workflow)]
    [InlineData("wrong-time-workflow", ReasonEffect.Workflow)]
    [InlineData("need-more-info", ReasonEffect.Workflow)]
    [InlineData("does-not-align-latest-evidence", ReasonEffect.None)]
    [InlineData("expert-contradicts", ReasonEffect.None)]
    [InlineData("policy-contradicts", ReasonEffect.None)]
    [InlineData("recipient-does-not-trust", ReasonEffect.None)]
    [InlineData("something-else", ReasonEffect.None)]
    public void Each_reason_code_has_the_effect_of_the_table(string code, ReasonEffect effect)
    {
        Assert.Equal(effect, NonAdherenceReasons.EffectOf(Hl7, code));
        Assert.Equal(effect, NonAdherenceReasons.EffectOf(NonAdherenceReasons.CdsHooksSystem, code));
        Assert.Equal(ReasonEffect.None, NonAdherenceReasons.EffectOf("http://example.org/other", code));
    }

    [Fact]
    public void No_reason_suppresses_nothing() => Assert.Equal(ReasonEffect.None, NonAdherenceReasons.EffectOf(Hl7, null));

    [Theory]
    [InlineData("VITD-TOXIC")]
    [InlineData("VITD-HIGH")]
    [InlineData("CA-HYPERCALCAEMIA")]
    [InlineData("CA-HYPOCALCAEMIA")]
    [InlineData("PTH-PRIMARY-HPT")]
    [InlineData("SAFETY-K2-VKA")]
    [InlineData("ORDER-BISPHOSPHONATE-LOW-VITD")]
    [InlineData("INPUT-PREFETCH-MISSING")]
    public void Safety_warnings_order_checks_and_input_cards_are_never_suppressed(string rule)
    {
        var card = Card(rule, "warning");
        Assert.False(SuppressionPolicy.For(card, PatientRecord.Woman().VitaminD(25).Evaluate().Assessment).Allowed);
    }

    [Fact]
    public void A_critical_card_is_never_suppressed_whatever_its_rule() =>
        Assert.False(SuppressionPolicy.For(Card("NUTRITION", "critical"), PatientRecord.Woman().Evaluate().Assessment).Allowed);

    [Theory]
    [InlineData("VITD-SEVERE", 90)]   // severe deficiency: at most 90 days
    [InlineData("VITD-DEFICIENT", 0)] // no cap
    public void A_severe_deficiency_is_capped_at_90_days(string rule, int cap)
    {
        var policy = SuppressionPolicy.For(Card(rule, "warning"), PatientRecord.Woman().VitaminD(8).Evaluate().Assessment);
        Assert.True(policy.Allowed);
        Assert.Equal(cap, policy.MaxDays ?? 0);
    }

    [Fact]
    public void With_an_untreated_fracture_bone_cards_are_never_suppressed_and_others_are_capped()
    {
        var assessment = PatientRecord.Woman().HipT(-2.6m).VitaminD(15).Fracture("S72.001A", "Fracture of neck of right femur")
            .Evaluate().Assessment;
        Assert.False(SuppressionPolicy.For(Card("TREAT-PHARMACOLOGICAL", "warning"), assessment).Allowed);
        Assert.False(SuppressionPolicy.For(Card("NUTRITION", "info"), assessment).Allowed);
        var vitaminD = SuppressionPolicy.For(Card("VITD-DEFICIENT", "warning"), assessment);
        Assert.Equal((true, 90), (vitaminD.Allowed, vitaminD.MaxDays ?? 0));
    }

    [Fact]
    public void A_newer_result_or_another_tier_changes_the_evidence_of_that_family_only()
    {
        string Evidence(string rule, PatientRecord record) => SuppressionPolicy.Evidence(rule, record.Evaluate().Assessment);
        var before = PatientRecord.Woman().VitaminD(15, daysAgo: 40).SpineT(-2.6m, daysAgo: 100);
        var newerD = PatientRecord.Woman().VitaminD(15, daysAgo: 5).SpineT(-2.6m, daysAgo: 100);
        var severe = PatientRecord.Woman().VitaminD(8, daysAgo: 40).SpineT(-2.6m, daysAgo: 100);
        var newerDxa = PatientRecord.Woman().VitaminD(15, daysAgo: 40).SpineT(-2.6m, daysAgo: 10);
        Assert.NotEqual(Evidence("VITD-DEFICIENT", before), Evidence("VITD-DEFICIENT", newerD));
        Assert.NotEqual(Evidence("VITD-DEFICIENT", before), Evidence("VITD-DEFICIENT", severe));
        Assert.Equal(Evidence("NUTRITION", before), Evidence("NUTRITION", newerD)); // bone cards rest on bone results
        Assert.NotEqual(Evidence("NUTRITION", before), Evidence("NUTRITION", newerDxa));
        Assert.Equal(Evidence("VITD-DEFICIENT", before), Evidence("VITD-DEFICIENT", newerDxa));
    }

    [Fact]
    public void Every_card_family_offers_a_few_hl7_codes()
    {
        foreach (var rule in new[] { "VITD-DEFICIENT", "ORDER-K2-VKA", "VITD-TEST-NEEDED", "TREAT-PHARMACOLOGICAL", "NUTRITION" })
        {
            var offered = NonAdherenceReasons.OfferedFor(rule);
            Assert.InRange(offered.Count, 3, 6);
            Assert.All(offered, c => Assert.Equal(Hl7, c.System));
            Assert.All(offered, c => Assert.Contains(NonAdherenceReasons.All, r => r.Code == c.Code && r.Display == c.Display));
        }
        Assert.DoesNotContain(NonAdherenceReasons.OfferedFor("ORDER-K2-VKA"), c => c.Code == "patient-refuses");
    }

    private static CdsCard Card(string rule, string indicator) => new()
    {
        Uuid = Guid.NewGuid().ToString(), Summary = rule, Indicator = indicator, Source = new CardSource("test", null),
        RuleId = rule, RuleIds = [rule],
    };
}
