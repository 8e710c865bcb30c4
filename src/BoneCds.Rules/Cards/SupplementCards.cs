using static BoneCds.Rules.Cards.CardFactory;
using static BoneCds.Rules.Cards.CardText;

namespace BoneCds.Rules.Cards;

/// <summary>
/// v3 "Fewer, better cards": calcium, magnesium and vitamin K2 advice is one info card, "Bone-health nutrition", with one
/// suggestion per supplement (calcium recommended; magnesium and K2 not, given their weaker evidence), each with its own
/// safety rule said in the detail: no calcium in hypercalcaemia, no magnesium below the eGFR limit, no K2 with a vitamin K
/// antagonist (which keeps its own warning card) or when one cannot be excluded.
/// </summary>
public static class SupplementCards
{
    public static void Add(CardContext ctx, List<CdsCard> cards)
    {
        if (!ctx.Assessment.HasLowBoneMassOrOsteoporosis) return;
        var antagonists = ctx.Input.MedicationsOf(MedicationClass.VitaminKAntagonist).ToList();
        if (antagonists.Count > 0) cards.Add(VitaminKAntagonistCard(ctx, antagonists));
        cards.Add(NutritionCard(ctx, Because(ctx)));
    }

    private static CdsCard NutritionCard(CardContext ctx, string because)
    {
        var rules = new List<string> { BoneRule(ctx) };
        var suggestions = new List<CardSuggestion>();
        var sections = new List<string> { $"Because of {because}.{BoneDensityCards.ScoreNotes(ctx)}" };
        sections.Add(CalciumSection(ctx, rules, suggestions));
        sections.Add(MagnesiumSection(ctx, rules, suggestions));
        sections.Add(VitaminK2Section(ctx, rules, suggestions));
        var (calcium, _) = DietaryReference.CalciumRda(ctx.Input.Patient);
        var summary = ctx.Assessment.Minerals.Hypercalcaemia
            ? "Bone-health nutrition: no calcium while calcium is high; magnesium and vitamin K2"
            : $"Bone-health nutrition: calcium {calcium:N0} mg/day (diet first), magnesium, vitamin K2";
        return Card(ctx, RuleIds.Nutrition, Indicators.Info, summary, string.Join("\n\n", sections), Sources.OdsCalcium,
            [RuleIds.Nutrition, .. rules], suggestions, SelectionBehaviors.Any);
    }

    private static string CalciumSection(CardContext ctx, List<string> rules, List<CardSuggestion> suggestions)
    {
        if (ctx.Assessment.Minerals.Hypercalcaemia)
        {
            rules.Add(RuleIds.SafetyCalciumHypercalcaemia);
            return $"**Calcium: not suggested**: {CalciumLine(ctx)} is above the reference range (rule `{RuleIds.CaHypercalcaemia}`).";
        }
        rules.Add(RuleIds.SuppCalcium);
        var (calcium, population) = DietaryReference.CalciumRda(ctx.Input.Patient);
        var upperLimit = DietaryReference.CalciumUpperLimit(ctx.Input.Patient);
        var stones = ctx.Input.KidneyStones.Count == 0 ? ""
            : $" Kidney stones are on record ({string.Join("; ", ctx.Input.KidneyStones)}): **prefer dietary calcium** (the upper "
            + "limit rests on stone risk, IOM 2011).";
        var text = "Elemental calcium 500 mg orally once daily with food, only to cover the dietary shortfall; "
            + $"at most 500-600 mg per dose; total intake at most {upperLimit:N0} mg/day";
        suggestions.Add(Suggestion(ctx, RuleIds.SuppCalcium, "Calcium for the dietary shortfall (max 500-600 mg per dose)", true,
            DailySupplement(ctx, "Calcium (elemental) supplement", text, 500, "mg")));
        return $"**Calcium**: total **{calcium:N0} mg/day** for {population} (IOM 2011), from diet first; supplement only the "
            + $"shortfall, **at most 500-600 mg per dose**; upper limit **{upperLimit:N0} mg/day**. Take it apart from an oral "
            + $"bisphosphonate (at least 30 minutes after it, never with it).{stones}";
    }

    private static string MagnesiumSection(CardContext ctx, List<string> rules, List<CardSuggestion> suggestions)
    {
        var egfr = ctx.Input.Get(Analyte.Egfr);
        var limit = ctx.Thresholds.MagnesiumMinEgfr;
        if (ctx.Assessment.Minerals.MagnesiumContraindicatedByEgfr)
        {
            rules.Add(RuleIds.SafetyMagnesiumEgfr);
            return $"**Magnesium: not suggested**: {KidneyFunction.Of(ctx.Input).Line} (eGFR limit {limit} mL/min/1.73m2; risk of "
                + $"hypermagnesaemia; rule `{RuleIds.SafetyMagnesiumEgfr}`).";
        }
        rules.Add(RuleIds.SuppMagnesium);
        var (magnesium, population) = DietaryReference.MagnesiumRda(ctx.Input.Patient);
        suggestions.Add(Suggestion(ctx, RuleIds.SuppMagnesium, "Magnesium supplement up to 350 mg/day", false,
            DailySupplement(ctx, "Magnesium supplement",
                "Magnesium 250-350 mg orally once daily; supplemental magnesium at most 350 mg/day", 350, "mg")));
        var renal = egfr is null ? " No eGFR is on record: check kidney function before supplementing."
            : $" {MeasurementLine("eGFR", egfr)}.";
        return $"**Magnesium**: RDA **{magnesium} mg/day** for {population}; supplemental magnesium **at most 350 mg/day** (IOM "
            + $"upper limit for supplements); not below eGFR {limit}.{renal}";
    }

    private static string VitaminK2Section(CardContext ctx, List<string> rules, List<CardSuggestion> suggestions)
    {
        var unknown = ctx.Input.MedicationsOf(MedicationClass.Unknown).ToList();
        var why = ctx.Input.OnMedication(MedicationClass.VitaminKAntagonist)
            ? "the patient takes a vitamin K antagonist (see its card)"
            : unknown.Count > 0
                ? $"{string.Join(", ", unknown.Select(u => $"{u.Name} [{u.Source}]"))} could not be identified, so a vitamin K "
                    + "antagonist such as warfarin cannot be excluded"
                : !ctx.Input.MedicationListKnown
                    ? "the medication list was not available, so a vitamin K antagonist such as warfarin cannot be excluded"
                    : null;
        if (why is not null)
        {
            rules.Add(RuleIds.SafetyK2Vka);
            return $"**Vitamin K2: not suggested**: {why} (rule `{RuleIds.SafetyK2Vka}`).";
        }
        rules.Add(RuleIds.SuppK2);
        suggestions.Add(Suggestion(ctx, RuleIds.SuppK2, "Vitamin K2 (MK-7) 90-180 ug daily (modest evidence)", false,
            DailySupplement(ctx, "Vitamin K2 (menaquinone-7)", "Menaquinone-7 90-180 ug orally once daily", 180, "ug")));
        return "**Vitamin K2** (menaquinone-7) **90-180 ug/day** may support bone mineralisation; **the evidence is modest**, and it "
            + "is not a treatment for osteoporosis. Never for patients on warfarin or another vitamin K antagonist.";
    }

    /// <summary>A patient on a vitamin K antagonist keeps a warning of its own: no vitamin K2, and why (v3).</summary>
    private static CdsCard VitaminKAntagonistCard(CardContext ctx, List<MedicationFact> antagonists) =>
        Card(ctx, RuleIds.SafetyK2Vka, Indicators.Warning,
            $"No vitamin K2: patient is on {Short(antagonists[0].Name)} (vitamin K antagonist)",
            "Vitamin K2 is **not suggested** because the patient takes a vitamin K antagonist "
            + $"({string.Join(", ", antagonists.Select(x => $"{x.Name} [{x.Source}]"))}). "
            + $"Vitamin K intake changes can alter INR and anticoagulation control (rule `{RuleIds.SafetyK2Vka}`).",
            Sources.OdsVitaminK, [RuleIds.SafetyK2Vka]);

    /// <summary>Why the supplement cards show: osteopenia or osteoporosis on a current DXA, or osteoporosis on record.</summary>
    private static string Because(CardContext ctx)
    {
        var density = ctx.Assessment.BoneDensity;
        if (density.IsLowOrOsteoporotic && density.DrivingMeasurement is { IsStale: false } driving)
            return $"{BoneDensityClassifier.Describe(density.Category)} (lowest T-score {driving.Canonical} at {driving.SiteText}, "
                + $"{driving.EffectiveAt:yyyy-MM-dd}; rule `{density.RuleId}`)";
        return ctx.Input.OsteoporosisDiagnoses.Count > 0
            ? $"osteoporosis on record ({string.Join("; ", ctx.Input.OsteoporosisDiagnoses)}; rule `{RuleIds.BmdDiagnosisOnRecord}`)"
            : $"osteopenia on record ({string.Join("; ", ctx.Input.OsteopeniaDiagnoses)}; rule `{RuleIds.BmdDiagnosisOnRecord}`)";
    }

    private static string BoneRule(CardContext ctx) => ctx.Assessment.BoneDensity is { IsLowOrOsteoporotic: true, RuleId: { } rule }
        ? rule : RuleIds.BmdDiagnosisOnRecord;
}
