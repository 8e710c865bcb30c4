using static BoneCds.Rules.Cards.CardFactory;
using static BoneCds.Rules.Cards.CardText;

namespace BoneCds.Rules.Cards;

/// <summary>
/// Order checks (clinical-rules.md v2 "Order checks"): each selected draft order against the patient's findings. No vitamin
/// D or calcium create action is offered while the patient is hypercalcaemic.
/// </summary>
public static class OrderCheckCards
{
    /// <summary>
    /// The selected antiresorptive draft whose order check will offer vitamin D repletion (25(OH)D deficient, not
    /// hypercalcaemic, no single-ingredient vitamin D drafted), or null: the deficiency card then offers none of its own (v3).
    /// </summary>
    public static DraftOrder? OffersRepletion(CardContext ctx) =>
        ctx.Assessment.VitaminD is { IsCurrent: true, IsDeficient: true } && !ctx.Assessment.Minerals.Hypercalcaemia
            && ctx.Drafted(MedicationClass.VitaminD) is null
            ? ctx.Drafts.FirstOrDefault(d => d.Selected && d.Is(MedicationClass.Antiresorptive)) : null;

    public static List<CdsCard> Build(CardContext ctx, IEnumerable<DraftOrder> selectedDrafts)
    {
        var cards = new List<CdsCard>();
        var minerals = ctx.Assessment.Minerals;
        foreach (var draft in selectedDrafts)
        {
            if (draft.Is(MedicationClass.Antiresorptive))
            {
                Add(cards, AntiresorptiveVitaminD(ctx, draft));
                if (minerals.Hypocalcaemia) cards.Add(AntiresorptiveHypocalcaemia(ctx, draft));
            }
            if (draft.Is(MedicationClass.Bisphosphonate)) Add(cards, BisphosphonateKidney(ctx, draft));
            if (draft.Is(MedicationClass.Denosumab)) Add(cards, DenosumabKidney(ctx, draft));
            if (draft.Is(MedicationClass.PthAnalogue) && (minerals.Hypercalcaemia || minerals.PossiblePrimaryHyperparathyroidism))
                cards.Add(AnabolicWhileHypercalcaemic(ctx, draft));
            if (draft.Is(MedicationClass.VitaminD)) Add(cards, VitaminDWhileHigh(ctx, draft) ?? VitaminDAboveUpperLimit(ctx, draft));
            if (draft.Is(MedicationClass.VitaminK)) Add(cards, VitaminKWithAntagonist(ctx, draft));
            if (draft.Is(MedicationClass.Calcium) && minerals.Hypercalcaemia) cards.Add(CalciumWhileHigh(ctx, draft));
            if (draft.Is(MedicationClass.Magnesium) && minerals.MagnesiumContraindicatedByEgfr) cards.Add(MagnesiumWithLowEgfr(ctx, draft));
            CourseOrderChecks.Add(ctx, draft, cards);
        }
        return cards;
    }

    private static void Add(List<CdsCard> cards, CdsCard? card)
    {
        if (card is not null) cards.Add(card);
    }

    private static CdsCard? AntiresorptiveVitaminD(CardContext ctx, DraftOrder draft)
    {
        var vitaminD = ctx.Assessment.VitaminD;
        var key = RuleIds.OrderBisphosphonateLowVitD + draft.Reference;
        if (vitaminD.IsCurrent && vitaminD.IsDeficient)
        {
            var hypercalcaemic = ctx.Assessment.Minerals.Hypercalcaemia;
            var detail = $"{MeasurementLine("25(OH)D", vitaminD.Measurement!)}\n\nAntiresorptives (bisphosphonates, denosumab) can cause "
                + "hypocalcaemia when vitamin D is deficient. Replete vitamin D (and ensure adequate calcium) before the first dose (BHOF "
                + "2022)."
                + (hypercalcaemic
                    ? $"\n\n**No vitamin D dose is suggested**: {CalciumLine(ctx)} (rule `{RuleIds.CaHypercalcaemia}`); investigate it "
                        + $"first."
                    : "");
            detail += VitaminDCards.CombinationNote(draft);
            // One repletion create in the whole answer (v3): on the first antiresorptive's check, none when vitamin D is drafted.
            CardSuggestion[]? suggestions = OffersRepletion(ctx)?.Reference != draft.Reference ? null
                : [Suggestion(ctx, key, $"Start vitamin D3 repletion ({Regimens.DailyRepletion.Label})", true,
                VitaminD3(ctx, Regimens.DailyRepletion))];
            return Card(ctx, key, Indicators.Warning,
                $"Replete vitamin D before starting {Short(draft.Name)}: 25(OH)D {vitaminD.Measurement!.Reported}",
                detail, Sources.Bhof2022, [RuleIds.OrderBisphosphonateLowVitD, vitaminD.RuleId!], suggestions, SelectionBehaviors.Any);
        }
        if (vitaminD.IsCurrent) return null;
        return Card(ctx, key, Indicators.Info, $"Check 25(OH)D before starting {Short(draft.Name)}: no current result",
            vitaminD.Measurement is null
                ? "No 25(OH)D result is on record."
                : $"{MeasurementLine("25(OH)D", vitaminD.Measurement)} — older than {ctx.Thresholds.Staleness.VitaminDMonths} months.",
            Sources.Bhof2022, [RuleIds.OrderBisphosphonateLowVitD],
            [Suggestion(ctx, key, "Order serum 25(OH)D", true, VitaminDTest(ctx, null, "Check vitamin D before an antiresorptive"))],
            SelectionBehaviors.Any);
    }

    private static CdsCard AntiresorptiveHypocalcaemia(CardContext ctx, DraftOrder draft)
    {
        var key = RuleIds.OrderAntiresorptiveHypocalcaemia + draft.Reference;
        return Card(ctx, key, Indicators.Warning, $"Correct hypocalcaemia before starting {Short(draft.Name)}",
            $"{CalciumLine(ctx)}.\n\nBisphosphonates and denosumab lower serum calcium: correct hypocalcaemia (and vitamin D deficiency) "
            + "before the first dose; confirm with an albumin-corrected or ionised calcium and check PTH, 25(OH)D and magnesium.",
            Sources.Bhof2022, [RuleIds.OrderAntiresorptiveHypocalcaemia, RuleIds.CaHypocalcaemia],
            [Suggestion(ctx, key, "Repeat serum calcium", true, CalciumTest(ctx))], SelectionBehaviors.Any);
    }

    /// <summary>
    /// v3 label limits by creatinine clearance (<see cref="KidneyFunction"/>): alendronate not recommended below 35 (warning),
    /// risedronate and ibandronate below 30 (warning), zoledronic acid contraindicated below 35 and in acute kidney injury
    /// (critical); dialysis or end-stage kidney disease is below every limit.
    /// </summary>
    private static CdsCard? BisphosphonateKidney(CardContext ctx, DraftOrder draft)
    {
        var t = ctx.Thresholds;
        var kidney = KidneyFunction.Of(ctx.Input);
        var zoledronic = draft.Is(MedicationClass.ZoledronicAcid);
        var limit = draft.Is(MedicationClass.Ibandronate) ? t.IbandronateMinEgfr
            : draft.Is(MedicationClass.Risedronate) ? t.RisedronateMinEgfr : t.BisphosphonateMinEgfr;
        var acute = zoledronic && ctx.Input.AcuteKidneyInjury.Count > 0;
        if (!acute && !kidney.IsBelow(limit)) return null;
        var what = kidney.EndStage.Count > 0 ? "end-stage kidney disease"
            : kidney.IsBelow(limit) ? $"{kidney.Measure} {kidney.Value:0.#}" : "acute kidney injury";
        var verdict = zoledronic ? "contraindicated" : "not recommended";
        return BlockDraft(ctx, draft, RuleIds.OrderBisphosphonateEgfr, zoledronic ? Indicators.Critical : Indicators.Warning,
            $"{Short(draft.Name)} with {what}: {verdict}",
            $"{kidney.Line}."
            + (acute ? $"\n\nAcute kidney injury on record ({string.Join("; ", ctx.Input.AcuteKidneyInjury)})." : "")
            + $"\n\nLabel limits by creatinine clearance: alendronate not recommended below {t.BisphosphonateMinEgfr} mL/min; "
            + $"risedronate below {t.RisedronateMinEgfr} and ibandronate below {t.IbandronateMinEgfr}; zoledronic acid "
            + $"**contraindicated** below {t.BisphosphonateMinEgfr} mL/min and in acute kidney injury. Consider another agent and "
            + "specialist advice.",
            Sources.BisphosphonateLabels, RuleIds.OrderBisphosphonateEgfr);
    }

    private static CdsCard? DenosumabKidney(CardContext ctx, DraftOrder draft)
    {
        var kidney = KidneyFunction.Of(ctx.Input);
        if (!kidney.IsBelow(ctx.Thresholds.DenosumabMinEgfr)) return null;
        var lowCalcium = ctx.Assessment.Minerals.Hypocalcaemia;
        var key = RuleIds.OrderDenosumabCkd + draft.Reference;
        var what = kidney.EndStage.Count > 0 ? "end-stage kidney disease" : $"{kidney.Measure} {kidney.Value:0.#}";
        return Card(ctx, key, lowCalcium ? Indicators.Critical : Indicators.Warning,
            $"Denosumab with {what}{(lowCalcium ? " and low calcium" : "")}: FDA boxed warning, severe hypocalcaemia",
            $"{kidney.Line}; {CalciumLine(ctx)}.\n\nFDA boxed warning (2024): severe, sometimes fatal hypocalcaemia with "
            + $"denosumab in advanced chronic kidney disease (eGFR < {ctx.Thresholds.DenosumabMinEgfr}), especially on dialysis. Assess "
            + "CKD-mineral and bone disorder (calcium, PTH, 25(OH)D) and correct calcium and vitamin D before the first dose.",
            Sources.FdaDenosumab2024, [RuleIds.OrderDenosumabCkd, .. lowCalcium ? new[] { RuleIds.CaHypocalcaemia } : []],
            [
                Suggestion(ctx, key, "Order serum calcium first", true, CalciumTest(ctx)),
                Suggestion(ctx, key + "-remove", $"Remove the draft order for {Short(draft.Name)}", false,
                    Delete(draft.Reference, $"Remove the draft order for {draft.Name}")),
            ], SelectionBehaviors.Any);
    }

    private static CdsCard AnabolicWhileHypercalcaemic(CardContext ctx, DraftOrder draft)
    {
        var primary = ctx.Assessment.Minerals.PossiblePrimaryHyperparathyroidism;
        return BlockDraft(ctx, draft, RuleIds.OrderAnabolicHypercalcaemia, Indicators.Warning,
            $"{Short(draft.Name)} while {(primary ? "primary hyperparathyroidism is possible" : "calcium is high")}: do not start",
            $"{CalciumLine(ctx)}{(primary ? $"; {PthLine(ctx)}" : "")}.\n\nTeriparatide and abaloparatide raise serum calcium and are not "
                + $"for "
            + "patients with hypercalcaemia or primary hyperparathyroidism: investigate first.",
            Sources.Bhof2022, primary ? RuleIds.PthPrimaryHpt : RuleIds.CaHypercalcaemia);
    }

    private static CdsCard? VitaminDWhileHigh(CardContext ctx, DraftOrder draft)
    {
        var vitaminD = ctx.Assessment.VitaminD;
        if (!vitaminD.IsHighOrToxic && !ctx.Assessment.Minerals.Hypercalcaemia) return null;
        var toxic = vitaminD.Tier == VitaminDTier.PotentialToxicity;
        var reason = vitaminD.IsHighOrToxic
            ? $"25(OH)D is {VitaminDClassifier.Describe(vitaminD.Tier)} ({vitaminD.Measurement!.Reported})"
            : CalciumLine(ctx);
        return BlockDraft(ctx, draft, RuleIds.OrderVitDHigh, toxic ? Indicators.Critical : Indicators.Warning,
            $"Vitamin D order while {(vitaminD.IsHighOrToxic ? $"25(OH)D is {vitaminD.Measurement!.Reported}" : "calcium is high")}: "
            + "do not start vitamin D",
            $"{reason}. Stop vitamin D (including calcitriol, calcifediol and alfacalcidol) and check calcium; do not add {draft.Name}.",
            Sources.EndocrineSociety2024, vitaminD.IsHighOrToxic ? vitaminD.RuleId! : RuleIds.CaHypercalcaemia);
    }

    /// <summary>
    /// v3: outside a deficiency tier (where the deficiency card compares the regimen), a drafted daily dose above the upper limit
    /// with no stated end or beyond 12 weeks is said in an info line.
    /// </summary>
    private static CdsCard? VitaminDAboveUpperLimit(CardContext ctx, DraftOrder draft)
    {
        if (draft.IsCombination || ctx.Assessment.VitaminD.IsDeficient && ctx.Assessment.VitaminD.IsCurrent
            || draft.Regimen is null || VitaminDCards.AboveUpperLimit(draft.Regimen) is not { } line) return null;
        var key = RuleIds.OrderVitDAboveUpperLimit + draft.Reference;
        var result = ctx.Assessment.VitaminD.Measurement is { } m
            ? $"{m.Reported} ({VitaminDClassifier.Describe(ctx.Assessment.VitaminD.Tier)})" : "not on record";
        return Card(ctx, key, Indicators.Info, $"{Short(draft.Name)}: above the {Regimens.UpperLimitIu:N0} IU/day upper limit",
            $"{char.ToUpperInvariant(line[0])}{line[1..]} The 25(OH)D result is {result}.",
            Sources.EndocrineSociety2024, [RuleIds.OrderVitDAboveUpperLimit]);
    }

    private static CdsCard? VitaminKWithAntagonist(CardContext ctx, DraftOrder draft)
    {
        var antagonist = ctx.Input.MedicationsOf(MedicationClass.VitaminKAntagonist).FirstOrDefault();
        if (antagonist is null) return VitaminKWithUnknownMedication(ctx, draft);
        return BlockDraft(ctx, draft, RuleIds.OrderK2Vka, Indicators.Critical,
            $"Vitamin K ordered for a patient on {Short(antagonist.Name)} (vitamin K antagonist): do not give",
            $"The patient takes {antagonist.Name} [{antagonist.Source}]. Vitamin K (K2 or K1) can reduce the anticoagulant effect and "
            + "destabilise the INR.",
            Sources.OdsVitaminK, RuleIds.SafetyK2Vka);
    }

    /// <summary>
    /// v3 unknown-medication safety rule at order time: a medication on record that could not be identified (or no medication
    /// list at all) may be a vitamin K antagonist, so a vitamin K order is not let through silently.
    /// </summary>
    private static CdsCard? VitaminKWithUnknownMedication(CardContext ctx, DraftOrder draft)
    {
        var unknown = ctx.Input.MedicationsOf(MedicationClass.Unknown).ToList();
        if (unknown.Count == 0 && ctx.Input.MedicationListKnown) return null;
        var what = unknown.Count > 0
            ? $"a medication on record could not be identified ({string.Join(", ", unknown.Select(u => u.Source))})"
            : "the medication list was not available";
        return BlockDraft(ctx, draft, RuleIds.OrderK2UnknownMedication, Indicators.Warning,
            "Vitamin K ordered: check for a vitamin K antagonist first",
            $"Vitamin K (K2 or K1) can reduce the effect of warfarin and other vitamin K antagonists, and {what}, so one cannot be "
            + "excluded. Check the patient's medications before giving it.",
            Sources.OdsVitaminK, RuleIds.SafetyK2Vka);
    }

    private static CdsCard CalciumWhileHigh(CardContext ctx, DraftOrder draft) =>
        BlockDraft(ctx, draft, RuleIds.OrderCalciumHypercalcaemia, Indicators.Warning,
            $"Calcium ordered while calcium is high ({ctx.Input.Get(Analyte.Calcium)!.Reported}): do not supplement",
            $"{CalciumLine(ctx)}. Calcium supplementation is withheld in hypercalcaemia.",
            Sources.OdsCalcium, RuleIds.CaHypercalcaemia);

    private static CdsCard MagnesiumWithLowEgfr(CardContext ctx, DraftOrder draft)
    {
        var egfr = ctx.Input.Get(Analyte.Egfr);
        var limit = ctx.Thresholds.MagnesiumMinEgfr;
        return BlockDraft(ctx, draft, RuleIds.OrderMagnesiumEgfr, Indicators.Warning,
            egfr is null || ctx.Input.EndStageKidney.Count > 0
                ? "Magnesium ordered with end-stage kidney disease: risk of hypermagnesaemia"
                : $"Magnesium ordered with eGFR {egfr.Canonical} < {limit}: risk of hypermagnesaemia",
            $"{KidneyFunction.Of(ctx.Input).Line}. Magnesium supplements are withheld when eGFR < {limit}, and with dialysis or "
            + "end-stage kidney disease.",
            Sources.OdsMagnesium, RuleIds.SafetyMagnesiumEgfr);
    }

    /// <summary>A draft order that should not go ahead: one card per order, suggesting its removal.</summary>
    internal static CdsCard BlockDraft(CardContext ctx, DraftOrder draft, string ruleId, string indicator, string summary, string detail,
        GuidelineSource source, string supportingRuleId) =>
        Card(ctx, ruleId + draft.Reference, indicator, summary, detail, source, [ruleId, supportingRuleId],
            [Suggestion(ctx, ruleId + draft.Reference, $"Remove the draft order for {Short(draft.Name)}", true,
                Delete(draft.Reference, $"Remove the draft order for {draft.Name}"))], SelectionBehaviors.Any);
}
