using static BoneCds.Rules.Cards.CardFactory;
using static BoneCds.Rules.Cards.CardText;

namespace BoneCds.Rules.Cards;

/// <summary>Bone density and fracture risk: the Z-score card, the high-risk (treatment) card and the stale-DXA card.</summary>
public static class BoneDensityCards
{
    public static void Add(CardContext ctx, List<CdsCard> cards)
    {
        var density = ctx.Assessment.BoneDensity;
        if (density.Category == BoneDensityCategory.BelowExpectedRangeForAge)
        {
            cards.Add(BelowExpectedForAgeCard(ctx));
            return;
        }
        if (ctx.Assessment.Risk.Level == RiskLevel.High) cards.Add(HighRiskCard(ctx));
        if (density.IsLowOrOsteoporotic && density.DrivingMeasurement!.IsStale) cards.Add(StaleDxaCard(ctx));
    }

    private static string TurnoverNote(CardContext ctx) => ctx.Assessment.Minerals.HighBoneTurnover
        ? $"\n\nSupporting evidence: osteocalcin {ctx.Input.Get(Analyte.Osteocalcin)!.Canonical} > {ctx.Thresholds.OsteocalcinHighAbove} "
            + "ng/mL "
          + $"suggests **high bone turnover** (rule `{RuleIds.OcHighTurnover}`; does not drive dosing)."
        : "";

    private static CdsCard BelowExpectedForAgeCard(CardContext ctx)
    {
        var t = ctx.Thresholds;
        return Card(ctx, RuleIds.BmdZScoreLow, Indicators.Info,
            $"Bone density below the expected range for age (Z-score {ctx.Assessment.BoneDensity.DrivingMeasurement!.Canonical})",
            $"{DxaLines(ctx)}\n\nZ-score <= {t.ZScoreBelowExpectedMax} (ISCD). T-score categories are not used for premenopausal women "
            + $"or men under {t.TScoreMinAge}. Consider evaluation for secondary causes.{TurnoverNote(ctx)}",
            Sources.WhoIscd, [RuleIds.BmdZScoreLow]);
    }

    private static CdsCard HighRiskCard(CardContext ctx)
    {
        var density = ctx.Assessment.BoneDensity;
        var driving = density.DrivingMeasurement;
        var rules = new List<string> { RuleIds.RiskHigh, RuleIds.TreatPharmacological };
        if (density.RuleId is not null && density.IsOsteoporotic) rules.Insert(0, density.RuleId);
        var label = density.IsOsteoporotic
            ? $"{(density.Category == BoneDensityCategory.SevereOsteoporosis ? "Severe osteoporosis" : "Osteoporosis")} "
              + $"(T-score {driving!.Canonical} at {driving.Site?.Describe()})"
            : "High fracture risk";
        var stale = driving is { IsStale: true }
            ? $"\n\nThe DXA is from {driving.EffectiveAt:yyyy-MM-dd}, older than {ctx.Thresholds.Staleness.DxaMonths} months: repeat DXA."
            : "";
        return Card(ctx, RuleIds.RiskHigh, Indicators.Warning, $"{label}: consider pharmacological therapy and specialist review",
            $"{DxaLines(ctx)}\n\nHigh risk (BHOF 2022): {string.Join("; ", ctx.Assessment.Risk.Reasons)}.\n\n"
            + "Consider pharmacological therapy (e.g. a bisphosphonate) and specialist review; "
            + "**supplements alone are not treatment**. Correct vitamin D deficiency before starting a "
            + $"bisphosphonate.{TurnoverNote(ctx)}{stale}",
            Sources.Bhof2022, rules);
    }

    private static CdsCard StaleDxaCard(CardContext ctx)
    {
        var driving = ctx.Assessment.BoneDensity.DrivingMeasurement!;
        return Card(ctx, RuleIds.BmdStale, Indicators.Info,
            $"DXA from {driving.EffectiveAt:yyyy-MM-dd} is stale: repeat DXA before supplement dosing",
            $"{DxaLines(ctx)}\n\nThe DXA is older than {ctx.Thresholds.Staleness.DxaMonths} months, so it does not drive calcium, "
                + "magnesium "
            + "or vitamin K2 suggestions.",
            Sources.WhoIscd, [RuleIds.BmdStale]);
    }
}
