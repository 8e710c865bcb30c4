namespace BoneCds.Rules.Tests.V3;

/// <summary>clinical-rules.md v3 "Orders already drafted", "every draft order counts", the hypercalcaemia wording, summaries.</summary>
public class OrderTimeV3Tests
{
    private static DraftOrder Unselected(string name) => PatientRecord.Draft(name) with { Selected = false };

    [Fact]
    public void An_anti_osteoporosis_draft_not_among_the_selections_still_counts_as_treatment()
    {
        var r = PatientRecord.Woman(70).VitaminD(35).SpineT(-2.8m).Evaluate(RequestKind.OrderSelect,
            [PatientRecord.Draft("Calcium carbonate 500 MG Oral Tablet"), Unselected("alendronate 70 MG Oral Tablet")]);
        Assert.Null(r.FindCard(RuleIds.TreatPharmacological));
    }

    [Theory]
    [InlineData("cholecalciferol 1000 UNT Oral Tablet", true)]
    [InlineData("alendronic acid 70 MG / cholecalciferol 70 MCG Oral Tablet", false)] // a combination never counts as repletion
    [InlineData("Calcium Carbonate 600 MG / Cholecalciferol 400 UNT Oral Tablet", false)]
    public void A_drafted_vitamin_d_is_the_clinicians_own_action_and_gets_no_second_create(string draft, bool ownAction)
    {
        var r = PatientRecord.Woman(70).VitaminD(12).SpineT(-2.8m).Evaluate(RequestKind.OrderSelect, [PatientRecord.Draft(draft)]);
        var offering = r.Cards.Count(c => (c.Suggestions ?? []).SelectMany(s => s.Actions)
            .Any(a => a.Description?.Contains("Vitamin D3", StringComparison.Ordinal) == true));
        Assert.Equal(ownAction, offering == 0);
        Assert.True(offering <= 1, $"{offering} cards offer vitamin D3"); // never two cards offering the same repletion
    }

    [Fact]
    public void With_hypercalcaemia_a_low_vitamin_d_card_never_reads_as_start_repletion()
    {
        var card = PatientRecord.Woman(70).VitaminD(12).Calcium(11.0m).Evaluate().CardWith(RuleIds.VitDDeficient);
        Assert.Contains("find the cause first", card.Summary);
        Assert.Contains("for example primary hyperparathyroidism", card.Detail);
        Assert.DoesNotContain("repletion", card.Summary, StringComparison.OrdinalIgnoreCase);
        Assert.Null(card.Suggestions);
    }

    [Theory]
    [InlineData("alendronic acid 70 MG / cholecalciferol 70 MCG Oral Tablet", 40, "alendronic acid 70 MG...")]
    [InlineData("Cholecalciferol", 10, "Choleca...")] // one word longer than the room: the only place a word is cut
    [InlineData("warfarin sodium 5 MG Oral Tablet", 140, "warfarin sodium 5 MG Oral Tablet")]
    public void Summaries_are_cut_between_words(string text, int max, string expected)
    {
        var cut = CardText.Truncate(text, max);
        Assert.Equal(expected, cut);
        Assert.True(cut.Length <= max);
    }
}
