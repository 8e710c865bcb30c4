
namespace BoneCds.Rules.Tests;

/// <summary>order-select / order-sign checks against context.draftOrders.</summary>
public class OrderCheckTests
{
    [Theory]
    [InlineData("15", true)]
    [InlineData("20", false)]
    public void Bisphosphonate_while_25OHD_below_20_warns_to_replete_first(string vitD, bool warns)
    {
        var r = PatientRecord.Woman().VitaminD(decimal.Parse(vitD, System.Globalization.CultureInfo.InvariantCulture))
            .Evaluate(RequestKind.OrderSign, [PatientRecord.Draft("alendronate 70 mg", MedicationClass.Bisphosphonate)]);
        var card = r.FindCard(RuleIds.OrderBisphosphonateLowVitD);
        Assert.Equal(warns, card is not null);
        if (warns) Assert.Equal(Indicators.Warning, card!.Indicator);
    }

    [Fact]
    public void Vitamin_d_order_with_toxic_level_is_critical_and_offers_removal()
    {
        var r = PatientRecord.Woman().VitaminD(170).Evaluate(RequestKind.OrderSign, [PatientRecord.Draft("cholecalciferol 1000 IU", MedicationClass.VitaminD)]);
        var card = r.CardWith(RuleIds.OrderVitDHigh);
        Assert.Equal(Indicators.Critical, card.Indicator);
        Assert.Equal("delete", card.Suggestions![0].Actions[0].Type);
        Assert.Equal("MedicationRequest/draft-cholecalciferol 1000 IU", card.Suggestions[0].Actions[0].ResourceId);
    }

    [Fact]
    public void K2_order_for_patient_on_warfarin_is_critical()
    {
        var r = PatientRecord.Woman().Warfarin().Evaluate(RequestKind.OrderSelect, [PatientRecord.Draft("menaquinone-7", MedicationClass.VitaminK)]);
        Assert.Equal(Indicators.Critical, r.CardWith(RuleIds.OrderK2Vka).Indicator);
    }

    [Fact]
    public void Calcium_order_with_hypercalcaemia_warns()
    {
        var r = PatientRecord.Woman().Calcium(11.1m).Evaluate(RequestKind.OrderSign, [PatientRecord.Draft("calcium carbonate", MedicationClass.Calcium)]);
        Assert.Equal(Indicators.Warning, r.CardWith(RuleIds.OrderCalciumHypercalcaemia).Indicator);
    }

    [Fact]
    public void Unselected_draft_is_not_checked_in_order_select()
    {
        var unselected = new DraftOrder("MedicationRequest/x", "menaquinone", MedicationClass.VitaminK, Selected: false);
        var r = PatientRecord.Woman().Warfarin().Evaluate(RequestKind.OrderSelect, [unselected]);
        Assert.Null(r.FindCard(RuleIds.OrderK2Vka));
    }

    [Fact]
    public void Order_hooks_show_no_info_cards_from_the_chart_review()
    {
        var r = PatientRecord.Woman().SpineT(-1.5m).VitaminD(25).Evaluate(RequestKind.OrderSign, []);
        Assert.DoesNotContain(r.Cards, c => c.Indicator == Indicators.Info);
    }
}
