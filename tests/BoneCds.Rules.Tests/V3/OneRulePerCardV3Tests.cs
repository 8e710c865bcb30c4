namespace BoneCds.Rules.Tests.V3;

/// <summary>clinical-rules.md v3 "One rule per card": each card has its own rule, listed first; contributing rules follow.</summary>
public class OneRulePerCardV3Tests
{
    private static EvaluationResult Osteoporotic() =>
        PatientRecord.Woman(70).VitaminD(12).Pth(82).Calcium(9.4m).Egfr(80).SpineT(-2.7m).Evaluate();

    [Theory]
    [InlineData(RuleIds.VitDDeficient, RuleIds.VitDDeficient)]
    [InlineData(RuleIds.TreatPharmacological, RuleIds.TreatPharmacological)] // not BMD-OSTEOPOROSIS, which it also lists
    [InlineData(RuleIds.SuppMagnesium, RuleIds.Nutrition)] // one nutrition card (v3) for calcium, magnesium and K2
    [InlineData(RuleIds.SuppCalcium, RuleIds.Nutrition)]
    [InlineData(RuleIds.SuppK2, RuleIds.Nutrition)]
    public void Each_card_names_its_own_rule_first(string listedRule, string ownRule)
    {
        var card = Osteoporotic().Cards.Single(c => c.RuleId == ownRule);
        Assert.Contains(listedRule, card.RuleIds);
        Assert.Equal(ownRule, card.RuleIds[0]);
    }

    [Fact]
    public void No_two_cards_of_one_answer_share_an_own_rule_and_every_own_rule_is_listed()
    {
        var cards = Osteoporotic().Cards;
        Assert.Equal(cards.Count, cards.Select(c => c.RuleId).Distinct().Count());
        Assert.All(cards, c => Assert.Equal(c.RuleId, c.RuleIds[0]));
        // The bone-density rule contributes to the supplement and therapy cards without owning them.
        Assert.DoesNotContain(cards, c => c.RuleId == RuleIds.BmdOsteoporosis);
        Assert.Contains(cards, c => c.RuleIds.Contains(RuleIds.BmdOsteoporosis));
    }
}
