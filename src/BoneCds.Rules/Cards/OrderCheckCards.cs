using static BoneCds.Rules.Cards.CardFactory;
using static BoneCds.Rules.Cards.CardText;

namespace BoneCds.Rules.Cards;

/// <summary>Order checks (clinical-rules.md "Order checks"): each selected draft order against the patient's findings.</summary>
public static class OrderCheckCards
{
    public static List<CdsCard> Build(CardContext ctx, IEnumerable<DraftOrder> selectedDrafts)
    {
        var cards = new List<CdsCard>();
        foreach (var draft in selectedDrafts)
        {
            if (draft.Classes.HasFlag(MedicationClass.Bisphosphonate) && BisphosphonateVitaminD(ctx, draft) is { } bisphosphonate)
                cards.Add(bisphosphonate);
            if (draft.Classes.HasFlag(MedicationClass.VitaminD) && VitaminDWhileHigh(ctx, draft) is { } vitaminD) cards.Add(vitaminD);
            if (draft.Classes.HasFlag(MedicationClass.VitaminK2) && VitaminKWithAntagonist(ctx, draft) is { } vitaminK) cards.Add(vitaminK);
            if (draft.Classes.HasFlag(MedicationClass.Calcium)
                && ctx.Assessment.Minerals.Hypercalcaemia) cards.Add(CalciumWhileHigh(ctx, draft));
            if (draft.Classes.HasFlag(MedicationClass.Magnesium) && ctx.Assessment.Minerals.MagnesiumContraindicatedByEgfr)
                cards.Add(MagnesiumWithLowEgfr(ctx, draft));
        }
        return cards;
    }

    private static CdsCard? BisphosphonateVitaminD(CardContext ctx, DraftOrder draft)
    {
        var vitaminD = ctx.Assessment.VitaminD;
        var key = RuleIds.OrderBisphosphonateLowVitD + draft.Reference;
        if (vitaminD.IsCurrent && vitaminD.IsDeficient)
            return Card(ctx, key, Indicators.Warning,
                $"Replete vitamin D before starting {Short(draft.Name)}: 25(OH)D {vitaminD.Measurement!.Canonical} < "
                    + $"{ctx.Thresholds.VitaminDDeficientBelow} ng/mL",
                $"{MeasurementLine("25(OH)D", vitaminD.Measurement)}\n\nBisphosphonates can cause hypocalcaemia when vitamin D is "
                    + "deficient. "
                + "Replete vitamin D (and ensure adequate calcium) before the first dose (BHOF 2022).",
                Sources.Bhof2022, [RuleIds.OrderBisphosphonateLowVitD, vitaminD.RuleId!],
                [Suggestion(ctx, key, "Start vitamin D3 repletion (50,000 IU weekly for 8 weeks)", true,
                    VitaminD3(ctx, Regimens.WeeklyRepletion))],
                SelectionBehaviors.Any);
        if (vitaminD.IsCurrent) return null;
        return Card(ctx, key, Indicators.Info, $"Check 25(OH)D before starting {Short(draft.Name)}: no current result",
            vitaminD.Measurement is null
                ? "No 25(OH)D result is on record."
                : $"{MeasurementLine("25(OH)D", vitaminD.Measurement)} — older than {ctx.Thresholds.Staleness.VitaminDMonths} months.",
            Sources.Bhof2022, [RuleIds.OrderBisphosphonateLowVitD],
            [Suggestion(ctx, key, "Order serum 25(OH)D", true, VitaminDTest(ctx, null, "Check vitamin D before bisphosphonate"))],
                SelectionBehaviors.Any);
    }

    private static CdsCard? VitaminDWhileHigh(CardContext ctx, DraftOrder draft)
    {
        var vitaminD = ctx.Assessment.VitaminD;
        if (!vitaminD.IsHighOrToxic && !ctx.Assessment.Minerals.Hypercalcaemia) return null;
        var toxic = vitaminD.Tier == VitaminDTier.PotentialToxicity;
        var reason = vitaminD.IsHighOrToxic
            ? $"25(OH)D is {VitaminDClassifier.Describe(vitaminD.Tier)} ({vitaminD.Measurement!.Canonical})"
            : CalciumLine(ctx);
        return BlockDraft(ctx, draft, RuleIds.OrderVitDHigh, toxic ? Indicators.Critical : Indicators.Warning,
            $"Vitamin D order while {(vitaminD.IsHighOrToxic ? $"25(OH)D is {vitaminD.Measurement!.Canonical}" : "calcium is high")}: do "
                + "not start vitamin D",
            $"{reason}. Stop vitamin D supplements and check calcium; do not add {draft.Name}.", Sources.EndocrineSociety2011,
            vitaminD.RuleId ?? RuleIds.CaHypercalcaemia);
    }

    private static CdsCard? VitaminKWithAntagonist(CardContext ctx, DraftOrder draft)
    {
        var antagonist = ctx.Input.MedicationsOf(MedicationClass.VitaminKAntagonist).FirstOrDefault();
        if (antagonist is null) return null;
        return BlockDraft(ctx, draft, RuleIds.OrderK2Vka, Indicators.Critical,
            $"Vitamin K2 ordered for a patient on {Short(antagonist.Name)} (vitamin K antagonist): do not give",
            $"The patient takes {antagonist.Name} [{antagonist.Source}]. Vitamin K2 can reduce the anticoagulant effect and destabilise "
                + "the INR.",
            Sources.OdsVitaminK, RuleIds.SafetyK2Vka);
    }

    private static CdsCard CalciumWhileHigh(CardContext ctx, DraftOrder draft) =>
        BlockDraft(ctx, draft, RuleIds.OrderCalciumHypercalcaemia, Indicators.Warning,
            $"Calcium ordered while calcium is high ({ctx.Input.Get(Analyte.Calcium)!.Canonical}): do not supplement",
            $"{CalciumLine(ctx)}. Calcium supplementation is withheld in hypercalcaemia.",
            Sources.OdsCalcium, RuleIds.CaHypercalcaemia);

    private static CdsCard MagnesiumWithLowEgfr(CardContext ctx, DraftOrder draft)
    {
        var egfr = ctx.Input.Get(Analyte.Egfr)!;
        var limit = ctx.Thresholds.MagnesiumMinEgfr;
        return BlockDraft(ctx, draft, RuleIds.OrderMagnesiumEgfr, Indicators.Warning,
            $"Magnesium ordered with eGFR {egfr.Canonical} < {limit}: risk of hypermagnesaemia",
            $"{MeasurementLine("eGFR", egfr)}. Magnesium supplements are withheld when eGFR < {limit}.",
            Sources.OdsMagnesium, RuleIds.SafetyMagnesiumEgfr);
    }

    /// <summary>A draft order that should not go ahead: one card per order, suggesting its removal.</summary>
    private static CdsCard BlockDraft(CardContext ctx, DraftOrder draft, string ruleId, string indicator, string summary, string detail,
        GuidelineSource source, string supportingRuleId) =>
        Card(ctx, ruleId + draft.Reference, indicator, summary, detail, source, [ruleId, supportingRuleId],
            [Suggestion(ctx, ruleId + draft.Reference, $"Remove the draft order for {Short(draft.Name)}", true,
                Delete(draft.Reference, $"Remove the draft order for {draft.Name}"))], SelectionBehaviors.Any);
}
