using System.Text;
using static BoneCds.Rules.Cards.CardFactory;
using static BoneCds.Rules.Cards.CardText;

namespace BoneCds.Rules.Cards;

/// <summary>
/// Calcium and PTH cards: hypercalcaemia (with possible primary hyperparathyroidism when PTH is raised too) and
/// hypocalcaemia (v2).
/// </summary>
public static class MineralCards
{
    public static void Add(CardContext ctx, List<CdsCard> cards)
    {
        if (ctx.Assessment.Minerals.Hypercalcaemia) cards.Add(HypercalcaemiaCard(ctx));
        if (ctx.Assessment.Minerals.Hypocalcaemia) cards.Add(HypocalcaemiaCard(ctx));
        if (ctx.Assessment.Minerals.StaleLowCalcium && !ctx.Kind.IsOrderTime()) cards.Add(StaleLowCalciumCard(ctx));
    }

    private static CdsCard StaleLowCalciumCard(CardContext ctx)
    {
        var calcium = ctx.Input.Get(Analyte.Calcium)!;
        return Card(ctx, RuleIds.CaLowStale, Indicators.Info, $"Last calcium {calcium.EffectiveAt:yyyy-MM-dd} was low: recheck",
            $"{calcium.Describe("Calcium")} was below the reference range, but it is older than "
            + $"{ctx.Thresholds.Staleness.PthCalciumOsteocalcinMonths} months: recheck serum calcium (no hypocalcaemia is assumed now).",
            Sources.OdsCalcium, [RuleIds.CaLowStale],
            [Suggestion(ctx, RuleIds.CaLowStale, "Recheck serum calcium", true, CalciumTest(ctx))]);
    }

    private static CdsCard HypocalcaemiaCard(CardContext ctx)
    {
        var calcium = ctx.Input.Get(Analyte.Calcium)!;
        var lowVitaminD = ctx.Assessment.VitaminD is { IsCurrent: true, IsDeficient: true };
        var detail = new StringBuilder().AppendLine(CalciumLine(ctx) + ".").AppendLine()
            .AppendLine("Confirm with an albumin-corrected or ionised calcium; check PTH, 25(OH)D and magnesium. "
                + "**Correct the hypocalcaemia before any antiresorptive** (bisphosphonate or denosumab).");
        if (ComparatorNote(calcium) is { } note) detail.AppendLine().AppendLine(note);
        if (lowVitaminD)
            detail.AppendLine().AppendLine("With 25(OH)D low, vitamin D and calcium repletion stay appropriate.");
        return Card(ctx, RuleIds.CaHypocalcaemia, Indicators.Warning,
            $"Hypocalcaemia (Ca {calcium.Reported}): confirm, find the cause, correct before any antiresorptive",
            detail.ToString(), Sources.Bhof2022, [RuleIds.CaHypocalcaemia],
            [Suggestion(ctx, RuleIds.CaHypocalcaemia, "Repeat serum calcium", true, CalciumTest(ctx))], SelectionBehaviors.Any);
    }

    private static CdsCard HypercalcaemiaCard(CardContext ctx)
    {
        var minerals = ctx.Assessment.Minerals;
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
        if (ComparatorNote(calcium) is { } note) detail.AppendLine().AppendLine(note);
        return Card(ctx, RuleIds.CaHypercalcaemia, Indicators.Warning,
            primary ? $"Hypercalcaemia with raised PTH (Ca {calcium.Reported}): possible primary hyperparathyroidism"
                    : $"Hypercalcaemia (Ca {calcium.Reported}): no calcium or vitamin D supplementation",
            detail.ToString(), primary ? Sources.EndocrineSociety2011 : Sources.OdsCalcium, rules,
            [Suggestion(ctx, RuleIds.CaHypercalcaemia, "Repeat serum calcium", true, CalciumTest(ctx))], SelectionBehaviors.Any);
    }
}
