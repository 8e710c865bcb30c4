using System.Text;
using static BoneCds.Rules.Cards.CardFactory;
using static BoneCds.Rules.Cards.CardText;

namespace BoneCds.Rules.Cards;

/// <summary>Calcium and PTH cards: hypercalcaemia, with possible primary hyperparathyroidism when PTH is raised too.</summary>
public static class MineralCards
{
    public static void Add(CardContext ctx, List<CdsCard> cards)
    {
        var minerals = ctx.Assessment.Minerals;
        if (!minerals.Hypercalcaemia) return;
        var calcium = ctx.Input.Get(Analyte.Calcium)!;
        var primary = minerals.PossiblePrimaryHyperparathyroidism;
        string[] rules = primary
            ? [RuleIds.CaHypercalcaemia, RuleIds.PthPrimaryHpt, RuleIds.SafetyCalciumHypercalcaemia]
            : [RuleIds.CaHypercalcaemia, RuleIds.SafetyCalciumHypercalcaemia];
        var detail = new StringBuilder().AppendLine(CalciumLine(ctx) + ".").AppendLine();
        if (primary)
            detail.AppendLine($"{PthLine(ctx)} with high calcium: **possible primary hyperparathyroidism** (rule "
                + $"`{RuleIds.PthPrimaryHpt}`). "
                + "Refer for endocrinology work-up.").AppendLine();
        if (calcium.IsStale)
            detail.AppendLine("The calcium result is older than the staleness window: recheck it; until then dosing stays "
                + "withheld.").AppendLine();
        detail.AppendLine($"**No calcium or vitamin D dosing suggestion is made** while calcium is high (rule "
            + $"`{RuleIds.SafetyCalciumHypercalcaemia}`)."
            + (primary ? " If vitamin D is given at all, use caution and monitor calcium." : ""));
        cards.Add(Card(ctx, RuleIds.CaHypercalcaemia, Indicators.Warning,
            primary ? $"Hypercalcaemia with raised PTH (Ca {calcium.Canonical}): possible primary hyperparathyroidism"
                    : $"Hypercalcaemia (Ca {calcium.Canonical}): no calcium or vitamin D supplementation",
            detail.ToString(), primary ? Sources.EndocrineSociety2011 : Sources.OdsCalcium, rules,
            [Suggestion(ctx, RuleIds.CaHypercalcaemia, "Repeat serum calcium", true, CalciumTest(ctx))], SelectionBehaviors.Any));
    }
}
