using System.Text;
using static BoneCds.Rules.Cards.CardFactory;
using static BoneCds.Rules.Cards.CardText;

namespace BoneCds.Rules.Cards;

/// <summary>
/// Vitamin D cards, one per tier (clinical-rules.md v2 "Recommendations"), plus the test-needed and stale cards. They cite
/// ES 2024 and 2011; the daily regimen is recommended; an insufficiency dose needs an indication; no vitamin D dose while
/// hypercalcaemic.
/// </summary>
public static class VitaminDCards
{
    private const string RecheckAfterRepletion = "Recheck 25(OH)D 3 months after starting repletion";

    public static void Add(CardContext ctx, List<CdsCard> cards)
    {
        var vitaminD = ctx.Assessment.VitaminD;
        var measurement = vitaminD.Measurement;
        if (measurement is null || measurement.IsStale)
        {
            if (TestNeededCard(ctx, measurement) is { } card) cards.Add(card);
            return;
        }
        var tierCard = vitaminD.Tier switch
        {
            VitaminDTier.SevereDeficiency or VitaminDTier.ModerateDeficiency => DeficiencyCard(ctx, measurement),
            VitaminDTier.Insufficiency => InsufficiencyCard(ctx, measurement),
            VitaminDTier.Sufficiency when !ctx.Kind.IsOrderTime() => SufficiencyCard(ctx, measurement),
            VitaminDTier.High or VitaminDTier.PotentialToxicity => HighOrToxicCard(ctx, measurement),
            _ => null,
        };
        if (tierCard is not null) cards.Add(tierCard);
    }

    private static CdsCard? TestNeededCard(CardContext ctx, Measurement? stale)
    {
        var assessment = ctx.Assessment;
        // v3.1: adults 50+ of any sex with osteopenia or osteoporosis, or on anti-osteoporosis therapy.
        var needsTestPopulation = BoneDensityClassifier.IsAtLeastTScoreAge(assessment.Input.Patient, ctx.Thresholds)
            && (assessment.HasLowBoneMassOrOsteoporosis || assessment.BoneDensity.IsLowOrOsteoporotic
                || assessment.AntiOsteoporosisTherapy.Count > 0);
        if (stale is null && !needsTestPopulation) return null;
        var ruleId = stale is null ? RuleIds.VitDTestNeeded : RuleIds.VitDStale;
        var why = stale is null
            ? "No serum 25(OH)D result is on record"
            : $"The last 25(OH)D ({stale.Reported}, {stale.EffectiveAt:yyyy-MM-dd}) is older than "
              + $"{ctx.Thresholds.Staleness.VitaminDMonths} months and is not used for dosing";
        var population = needsTestPopulation
            ? " The patient has osteopenia or osteoporosis (or is on anti-osteoporosis therapy), so vitamin D status should be known."
            : "";
        return Card(ctx, ruleId, Indicators.Info,
            stale is null ? "No 25(OH)D on record: order serum 25(OH)D" : "25(OH)D result is stale: order a new serum 25(OH)D",
            $"{why}.{population}\n\n{Regimens.GuidelineLine}", Sources.EndocrineSociety2024, [ruleId],
            [Suggestion(ctx, ruleId, "Order serum 25(OH)D", true,
                VitaminDTest(ctx, null, "Vitamin D status is needed to guide supplementation"))]);
    }

    private static string ValueLine(Measurement m) =>
        MeasurementLine("25(OH)D", m, m.ReportedIsSi ? null : $"{m.Value * UnitConversion.VitaminDNmolPerNg:0.#} nmol/L");

    private static StringBuilder Opening(CardContext ctx, Measurement m)
    {
        var vitaminD = ctx.Assessment.VitaminD;
        var detail = new StringBuilder().AppendLine(ValueLine(m)).AppendLine()
            .AppendLine($"Tier: **{VitaminDClassifier.Describe(vitaminD.Tier)}** (rule `{vitaminD.RuleId}`, range "
                + $"{VitaminDClassifier.RangeText(vitaminD.Tier, ctx.Thresholds)}).").AppendLine();
        if (ComparatorNote(m) is { } note) detail.AppendLine(note).AppendLine();
        return detail;
    }

    private static string Closing(StringBuilder detail) => detail.AppendLine().AppendLine(Regimens.GuidelineLine).ToString();

    private static CdsCard DeficiencyCard(CardContext ctx, Measurement m)
    {
        var vitaminD = ctx.Assessment.VitaminD;
        var minerals = ctx.Assessment.Minerals;
        var severe = vitaminD.Tier == VitaminDTier.SevereDeficiency;
        var secondaryHpt = minerals.SecondaryHyperparathyroidism;
        var ruleId = vitaminD.RuleId!;
        var summary = $"Vitamin D {(severe ? "severely " : "")}deficient (25(OH)D {m.Reported})"
            + (minerals.Hypercalcaemia ? " with hypercalcaemia: find the cause first"
                : secondaryHpt ? " with secondary hyperparathyroidism: replete D3" : ": start vitamin D3 repletion");
        var detail = Opening(ctx, m);
        if (secondaryHpt)
            detail.AppendLine($"**Secondary hyperparathyroidism likely due to vitamin D deficiency** (rule `{RuleIds.PthSecondaryHpt}`): "
                + $"{PthLine(ctx)}; {CalciumLine(ctx)}. This raises the urgency of repletion.").AppendLine();
        else if (minerals.PthHigh && ctx.Input.Get(Analyte.Calcium) is null)
            detail.AppendLine($"{PthLine(ctx)} is raised, but no serum calcium is on record: "
                + "check calcium to tell secondary from primary hyperparathyroidism.").AppendLine();
        List<CardSuggestion>? suggestions = null;
        if (minerals.Hypercalcaemia)
            // v3: never words that suggest starting repletion; there is no action to start it.
            detail.AppendLine($"**Hypercalcaemia with low vitamin D: find the cause first** (for example primary hyperparathyroidism); "
                + $"any vitamin D repletion is a specialist decision. {CalciumLine(ctx)} (rule `{RuleIds.CaHypercalcaemia}`).");
        else if (ctx.Drafted(MedicationClass.VitaminD) is { } drafted)
            // v3: the clinician is ordering vitamin D already: no second create; the drafted regimen against the tier's.
            detail.AppendLine($"Vitamin D is being ordered ({Short(drafted.Name)}): {CompareWithRepletion(drafted.Regimen)} "
                + $"Then **{Regimens.Maintenance}**; recheck 25(OH)D in 3 months.");
        else if (OrderCheckCards.OffersRepletion(ctx) is { } antiresorptive)
            // v3: one repletion create in the answer: the order check for the antiresorptive carries it.
            detail.AppendLine($"Repletion (vitamin D3 **{Regimens.DailyRepletion.Course}**, then **{Regimens.Maintenance}**) is offered "
                + "with "
                + $"the order check for {Short(antiresorptive.Name)}.{CombinationNote(antiresorptive)}");
        else
        {
            detail.AppendLine($"Repletion: vitamin D3 **{Regimens.DailyRepletion.Course}** (a supervised course above the "
                + $"{Regimens.UpperLimitIu:N0} IU/day upper limit; ES 2024 prefers daily dosing for adults 50+), then "
                + $"**{Regimens.Maintenance}**; alternative **{Regimens.WeeklyRepletion.Course}**. Recheck 25(OH)D in 3 months.");
            suggestions =
            [
                Suggestion(ctx, ruleId + "-daily", Regimens.DailyRepletion.Label, true,
                    VitaminD3(ctx, Regimens.DailyRepletion), VitaminDTest(ctx, 3, RecheckAfterRepletion)),
                Suggestion(ctx, ruleId + "-weekly", Regimens.WeeklyRepletion.Label, false,
                    VitaminD3(ctx, Regimens.WeeklyRepletion), VitaminDTest(ctx, 3, RecheckAfterRepletion)),
            ];
        }
        var indicator = severe && secondaryHpt ? Indicators.Critical : Indicators.Warning;
        string[] rules = secondaryHpt ? [ruleId, RuleIds.PthSecondaryHpt] : [ruleId];
        return Card(ctx, ruleId, indicator, summary, Closing(detail), Sources.EndocrineSociety2024, rules, suggestions,
            SelectionBehaviors.AtMostOne);
    }

    /// <summary>
    /// v3 "Orders already drafted": the whole drafted regimen against the deficiency tier's regimens, never a daily average.
    /// </summary>
    public static string CompareWithRepletion(DraftedRegimen? drafted)
    {
        var (daily, weekly) = (Regimens.DailyRepletion, Regimens.WeeklyRepletion);
        if (drafted is null)
            return $"its dose could not be read: check it against the repletion regimen for this tier, vitamin D3 **{daily.Course}** "
                + $"(or {weekly.Course}, not preferred at 50+: ES 2024 prefers daily dosing).";
        var same = (Regimen r) => drafted.DoseIu == r.DoseIu && drafted.Weekly == (r.Period == Hl7.Fhir.Model.Timing.UnitsOfTime.Wk)
            && drafted.Weeks == r.Weeks;
        if (same(daily)) return $"drafted {drafted.Text}, the repletion regimen for this tier.";
        if (same(weekly))
            return $"drafted {drafted.Text}, a repletion regimen for this tier, not preferred at 50+ (ES 2024 prefers daily dosing).";
        var reference = drafted.Weekly ? weekly : daily;
        if (drafted.DoseIu < reference.DoseIu)
            return $"drafted {drafted.Text}; the repletion regimen for this tier is {reference.Course}.";
        return AboveUpperLimit(drafted) ?? $"drafted {drafted.Text}; the repletion regimen for this tier is {reference.Course}.";
    }

    /// <summary>A daily dose above the upper limit with no stated end, or beyond 12 weeks: said so (IOM 2011).</summary>
    public static string? AboveUpperLimit(DraftedRegimen drafted) =>
        drafted.DailyIu > Regimens.UpperLimitIu && drafted.Weeks is null or > 12
            ? $"drafted {drafted.Text}: above the {Regimens.UpperLimitIu:N0} IU/day upper limit, only as a supervised repletion "
              + "course of up to 12 weeks (IOM 2011: upper limits do not address supervised treatment)."
            : null;

    /// <summary>
    /// v3: a combination product with vitamin D (alendronate/cholecalciferol) never counts as repletion; its label says so.
    /// </summary>
    public static string CombinationNote(DraftOrder draft) => draft.IsCombination && draft.Is(MedicationClass.VitaminD)
        ? $" {Short(draft.Name)} contains vitamin D but does not treat vitamin D deficiency (its label): replete separately."
        : "";

    private static CdsCard InsufficiencyCard(CardContext ctx, Measurement m)
    {
        var ruleId = ctx.Assessment.VitaminD.RuleId!;
        var detail = Opening(ctx, m);
        var indications = ctx.Assessment.VitaminDIndications(ctx.Thresholds);
        if (ctx.Assessment.Minerals.Hypercalcaemia)
        {
            detail.AppendLine($"**No vitamin D dosing is suggested**: {CalciumLine(ctx)} (rule `{RuleIds.CaHypercalcaemia}`).");
            return Card(ctx, ruleId, Indicators.Info, $"Vitamin D insufficient (25(OH)D {m.Reported}): no dose while calcium is high",
                Closing(detail), Sources.EndocrineSociety2024, [ruleId, RuleIds.CaHypercalcaemia]);
        }
        if (indications.Count == 0)
        {
            detail.AppendLine("**No dose is suggested**: ES 2024 suggests against routine testing and above-RDA supplementation for "
                + "healthy "
                + $"adults under {ctx.Thresholds.VitaminDEmpiricAge} without an indication (osteopenia, osteoporosis, fragility fracture, "
                + "raised PTH), and the IOM considers 20 ng/mL (50 nmol/L) adequate for bone health. Keep intake at the RDA (600-800 IU "
                + "daily).");
            return Card(ctx, ruleId, Indicators.Info,
                $"Vitamin D insufficient (25(OH)D {m.Reported}): no dose without an indication (ES 2024)",
                Closing(detail), Sources.EndocrineSociety2024, [ruleId]);
        }
        detail.AppendLine($"Indication: {string.Join(", ", indications)}. Suggested: vitamin D3 **{Regimens.Maintenance}**; "
            + $"recheck 25(OH)D in 3 months (target {ctx.Thresholds.VitaminDInsufficientBelow} ng/mL / "
            + $"{ctx.Thresholds.VitaminDInsufficientBelowNmol} nmol/L or more).");
        return Card(ctx, ruleId, Indicators.Info, $"Vitamin D insufficient (25(OH)D {m.Reported}): vitamin D3 1,500-2,000 IU daily",
            Closing(detail), Sources.EndocrineSociety2024, [ruleId],
            [
                Suggestion(ctx, ruleId, Regimens.DailyInsufficiency.Label, true, VitaminD3(ctx, Regimens.DailyInsufficiency),
                    VitaminDTest(ctx, 3, "Recheck 25(OH)D 3 months after starting supplementation")),
            ], SelectionBehaviors.Any);
    }

    private static CdsCard SufficiencyCard(CardContext ctx, Measurement m)
    {
        var ruleId = ctx.Assessment.VitaminD.RuleId!;
        var detail = Opening(ctx, m).AppendLine("No change needed: maintain intake at the RDA of 600-800 IU daily (IOM 2011).");
        return Card(ctx, ruleId, Indicators.Info, $"Vitamin D sufficient (25(OH)D {m.Reported}): maintain 600-800 IU daily intake",
            Closing(detail), Sources.OdsVitaminD, [ruleId]);
    }

    private static CdsCard HighOrToxicCard(CardContext ctx, Measurement m)
    {
        var ruleId = ctx.Assessment.VitaminD.RuleId!;
        var toxic = ctx.Assessment.VitaminD.Tier == VitaminDTier.PotentialToxicity;
        var activeVitaminD = ctx.Input.MedicationsOf(MedicationClass.VitaminD).ToList();
        var actions = new List<CardAction> { CalciumTest(ctx) };
        actions.AddRange(activeVitaminD.Where(x => x.Source.StartsWith("MedicationRequest/", StringComparison.Ordinal))
            .Select(x => Delete(x.Source, $"Stop {x.Name}")));
        var detail = Opening(ctx, m)
            .AppendLine($"Stop vitamin D supplements and check serum calcium{(toxic ? " now" : "")}; recheck 25(OH)D. {CalciumLine(ctx)}.");
        if (activeVitaminD.Count > 0)
            detail.AppendLine().AppendLine($"Active vitamin D on record: {string.Join(", ", activeVitaminD.Select(x => x.Name))}.");
        return Card(ctx, ruleId, toxic ? Indicators.Critical : Indicators.Warning,
            $"25(OH)D {m.Reported} is {(toxic ? "in the potentially toxic range" : "high")}: stop vitamin D supplements and check calcium",
            Closing(detail), Sources.EndocrineSociety2024, [ruleId],
            [Suggestion(ctx, ruleId, activeVitaminD.Count > 0 ? "Stop vitamin D and order serum calcium" : "Order serum calcium", true,
                actions.ToArray())], SelectionBehaviors.Any);
    }
}
