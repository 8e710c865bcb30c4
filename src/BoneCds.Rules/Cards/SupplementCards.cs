using static BoneCds.Rules.Cards.CardFactory;
using static BoneCds.Rules.Cards.CardText;

namespace BoneCds.Rules.Cards;

/// <summary>
/// Calcium balance, magnesium and vitamin K2 for osteopenia or osteoporosis on a current DXA, each with its safety
/// suppression: no calcium in hypercalcaemia, no magnesium below the eGFR limit, no K2 with a vitamin K antagonist.
/// </summary>
public static class SupplementCards
{
    public static void Add(CardContext ctx, List<CdsCard> cards)
    {
        if (!ctx.Assessment.HasLowBoneMassOrOsteoporosis) return;
        var because = Because(ctx);

        if (!ctx.Assessment.Minerals.Hypercalcaemia) cards.Add(CalciumCard(ctx, because));
        cards.Add(ctx.Assessment.Minerals.MagnesiumContraindicatedByEgfr ? MagnesiumWithheldCard(ctx) : MagnesiumCard(ctx, because));
        cards.Add(VitaminK2Card(ctx, because));
    }

    /// <summary>Why the supplement cards show: osteopenia or osteoporosis on a current DXA, or osteoporosis on record.</summary>
    private static string Because(CardContext ctx)
    {
        var density = ctx.Assessment.BoneDensity;
        if (density.IsLowOrOsteoporotic && density.DrivingMeasurement is { IsStale: false } driving)
            return $"{BoneDensityClassifier.Describe(density.Category)} (lowest T-score {driving.Canonical} at {driving.SiteText}, "
                + $"{driving.EffectiveAt:yyyy-MM-dd}; rule `{density.RuleId}`)";
        return $"osteoporosis on record ({string.Join("; ", ctx.Input.OsteoporosisDiagnoses)}; rule `{RuleIds.BmdDiagnosisOnRecord}`)";
    }

    private static string BoneRule(CardContext ctx) => ctx.Assessment.BoneDensity is { IsLowOrOsteoporotic: true, RuleId: { } rule }
        ? rule : RuleIds.BmdDiagnosisOnRecord;

    private static CdsCard CalciumCard(CardContext ctx, string because)
    {
        var (calcium, population) = DietaryReference.CalciumRda(ctx.Input.Patient);
        var upperLimit = DietaryReference.CalciumUpperLimit(ctx.Input.Patient);
        var text = "Elemental calcium 500 mg orally once daily with food, only to cover the dietary shortfall; "
            + $"at most 500-600 mg per dose; total intake at most {upperLimit:N0} mg/day";
        return Card(ctx, RuleIds.SuppCalcium, Indicators.Info,
            $"Calcium balance: {calcium:N0} mg/day total, diet first, supplement only the shortfall",
            $"Because of {because}.\n\nTarget total calcium **{calcium:N0} mg/day** for {population} (IOM 2011), from diet first; "
            + $"supplement only the shortfall, **at most 500-600 mg per dose**; upper limit **{upperLimit:N0} mg/day** (IOM). "
            + "Take calcium at least 30 minutes after an oral bisphosphonate, never with it.",
            Sources.OdsCalcium, [BoneRule(ctx), RuleIds.SuppCalcium],
            [Suggestion(ctx, RuleIds.SuppCalcium, "Calcium supplement for the dietary shortfall (max 500-600 mg per dose)", false,
                DailySupplement(ctx, "Calcium (elemental) supplement", text, 500, "mg"))], SelectionBehaviors.Any);
    }

    private static CdsCard MagnesiumWithheldCard(CardContext ctx)
    {
        var egfr = ctx.Input.Get(Analyte.Egfr)!;
        var limit = ctx.Thresholds.MagnesiumMinEgfr;
        return Card(ctx, RuleIds.SafetyMagnesiumEgfr, Indicators.Info,
            $"Magnesium supplement not suggested: eGFR {egfr.Canonical} < {limit}",
            $"{MeasurementLine("eGFR", egfr)}\n\nMagnesium supplements are withheld when eGFR < {limit} mL/min/1.73m2 (risk of "
                + "hypermagnesaemia).",
            Sources.OdsMagnesium, [RuleIds.SafetyMagnesiumEgfr]);
    }

    private static CdsCard MagnesiumCard(CardContext ctx, string because)
    {
        var egfr = ctx.Input.Get(Analyte.Egfr);
        var renal = egfr is null
            ? "\n\nNo eGFR is on record: check renal function before supplementing." : $"\n\n{MeasurementLine("eGFR", egfr)}.";
        var (magnesium, population) = DietaryReference.MagnesiumRda(ctx.Input.Patient);
        return Card(ctx, RuleIds.SuppMagnesium, Indicators.Info,
            $"Magnesium: RDA {magnesium} mg/day; supplemental magnesium at most 350 mg/day",
            $"Because of {because}.\n\nMagnesium RDA is **{magnesium} mg/day** for {population}; supplemental magnesium **at most 350 "
                + "mg/day** "
            + $"(IOM upper limit for supplements).{renal}",
            Sources.OdsMagnesium, [BoneRule(ctx), RuleIds.SuppMagnesium],
            [Suggestion(ctx, RuleIds.SuppMagnesium, "Magnesium supplement up to 350 mg/day", false,
                DailySupplement(ctx, "Magnesium supplement",
                    "Magnesium 250-350 mg orally once daily; supplemental magnesium at most 350 mg/day", 350, "mg"))],
            SelectionBehaviors.Any);
    }

    private static CdsCard VitaminK2Card(CardContext ctx, string because)
    {
        var antagonists = ctx.Input.MedicationsOf(MedicationClass.VitaminKAntagonist).ToList();
        string[] rules = [BoneRule(ctx), RuleIds.SuppK2];
        if (antagonists.Count > 0)
            return Card(ctx, RuleIds.SafetyK2Vka, Indicators.Warning,
                $"No vitamin K2: patient is on {antagonists[0].Name} (vitamin K antagonist)",
                "Vitamin K2 is **not suggested** because the patient takes a vitamin K antagonist "
                + $"({string.Join(", ", antagonists.Select(x => $"{x.Name} [{x.Source}]"))}). "
                + $"Vitamin K intake changes can alter INR and anticoagulation control (rule `{RuleIds.SafetyK2Vka}`).",
                Sources.OdsVitaminK, [RuleIds.SafetyK2Vka]);
        var unknown = ctx.Input.MedicationsOf(MedicationClass.Unknown).ToList();
        if (unknown.Count > 0)
            return Card(ctx, RuleIds.SuppK2, Indicators.Info, "Vitamin K2 not suggested: a medication could not be identified",
                $"Because of {because}, vitamin K2 (MK-7) 90-180 ug/day could be considered (modest evidence), but "
                + $"{string.Join(", ", unknown.Select(u => $"{u.Name} [{u.Source}]"))} could not be identified, so a vitamin K "
                + "antagonist such as warfarin cannot be excluded. No K2 suggestion is made until it can.",
                Sources.OdsVitaminK, rules);
        if (!ctx.Input.MedicationListKnown)
            return Card(ctx, RuleIds.SuppK2, Indicators.Info, "Vitamin K2 not suggested: medication list unavailable to exclude warfarin",
                $"Because of {because}, vitamin K2 (MK-7) 90-180 ug/day could be considered (modest evidence), but the active medication "
                    + "list "
                + "was not provided, so a vitamin K antagonist such as warfarin cannot be excluded. No K2 suggestion is made until it can.",
                Sources.OdsVitaminK, rules);
        return Card(ctx, RuleIds.SuppK2, Indicators.Info,
            "Vitamin K2 (MK-7) 90-180 ug/day may support bone mineralisation (modest evidence)",
            $"Because of {because}.\n\nVitamin K2 (menaquinone-7) **90-180 ug/day** may support bone mineralisation. **The evidence is "
                + "modest**; "
            + "it is not a treatment for osteoporosis. Never for patients on warfarin or another vitamin K antagonist.",
            Sources.OdsVitaminK, rules,
            [Suggestion(ctx, RuleIds.SuppK2, "Vitamin K2 (MK-7) 90-180 ug daily", false,
                DailySupplement(ctx, "Vitamin K2 (menaquinone-7)", "Menaquinone-7 90-180 ug orally once daily", 180, "ug"))],
                    SelectionBehaviors.Any);
    }
}
