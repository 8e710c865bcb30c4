using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using BoneCds.Rules.Assessment;
using BoneCds.Rules.Classification;
using BoneCds.Rules.Inputs;

namespace BoneCds.Rules.Cards;

public enum HookKind { PatientView, OrderSelect, OrderSign, Api }

/// <summary>
/// Turns an assessment (and any draft orders) into CDS Hooks cards per clinical-rules.md "Recommendations".
/// Card uuids are derived from the hook instance and the card's rule, so the same call gives the same uuids
/// and feedback can be joined back to rules.
/// </summary>
public sealed class CardBuilder(RuleThresholds thresholds)
{
    private static readonly IReadOnlyList<CardCoding> OverrideReasons =
    [
        new("http://bonecds.org/CodeSystem/override-reason", "already-addressed", "Already addressed"),
        new("http://bonecds.org/CodeSystem/override-reason", "patient-declined", "Patient declined"),
        new("http://bonecds.org/CodeSystem/override-reason", "not-clinically-appropriate", "Not clinically appropriate for this patient"),
        new("http://bonecds.org/CodeSystem/override-reason", "data-outdated", "Result outdated or incorrect"),
    ];

    public IReadOnlyList<CdsCard> Build(BoneHealthAssessment a, HookKind hook, string hookInstance, IReadOnlyList<DraftOrder> drafts)
    {
        var ctx = new Ctx(a, thresholds, hookInstance, a.Input.Patient.Id, a.Input.EvaluatedAt);
        var assessmentCards = new List<CdsCard>();
        VitaminDCards(ctx, hook, assessmentCards);
        MineralCards(ctx, assessmentCards);
        BoneCards(ctx, assessmentCards);
        RejectedInputCard(ctx, assessmentCards);

        if (hook is HookKind.PatientView or HookKind.Api) return Sort(assessmentCards);

        var orderCards = OrderCards(ctx, drafts.Where(d => d.Selected).ToList());
        // At order time only warnings/criticals from the chart review are shown, beside the order checks.
        var shown = orderCards.Concat(assessmentCards.Where(c => c.Indicator != Indicators.Info
            && !(c.RuleIds.Contains(RuleIds.SafetyK2Vka) && orderCards.Any(o => o.RuleIds.Contains(RuleIds.OrderK2Vka)))));
        return Sort(shown);
    }

    private static List<CdsCard> Sort(IEnumerable<CdsCard> cards) => cards.OrderBy(c => Indicators.Rank(c.Indicator)).ToList();

    private sealed record Ctx(BoneHealthAssessment A, RuleThresholds T, string HookInstance, string? PatientId, DateTimeOffset Now)
    {
        public ClinicalInput In => A.Input;
    }

    // ---- vitamin D -------------------------------------------------------------------------------------------

    private static void VitaminDCards(Ctx c, HookKind hook, List<CdsCard> cards)
    {
        var v = c.A.VitaminD;
        var t = c.T;
        var m = v.Measurement;
        var needsTestPopulation = c.A.IsPostmenopausalWoman(t) && c.A.BoneDensity.IsLowOrOsteoporotic;

        if (m is null || m.IsStale)
        {
            if (m is null && !needsTestPopulation) return;
            var ruleId = m is null ? RuleIds.VitDTestNeeded : RuleIds.VitDStale;
            var why = m is null
                ? "No serum 25(OH)D result is on record"
                : $"The last 25(OH)D ({m.Reported}, {m.EffectiveAt:yyyy-MM-dd}) is older than {t.Staleness.VitaminDMonths} months and is not used for dosing";
            cards.Add(Card(c, ruleId, Indicators.Info, m is null ? "No 25(OH)D on record: order serum 25(OH)D" : "25(OH)D result is stale: order a new serum 25(OH)D",
                $"{why}.{(needsTestPopulation ? $" The patient has {BoneDensityClassifier.Describe(c.A.BoneDensity.Category)}, so vitamin D status should be known." : "")}",
                Sources.EndocrineSociety2011, [ruleId],
                [Suggestion(c, ruleId, "Order serum 25(OH)D", true, TestAction(c, null, "Vitamin D status is needed to guide supplementation"))]));
            return;
        }

        var valueLine = MeasurementLine("25(OH)D", m, $"{m.Value * UnitConversion.VitaminDNmolPerNg:0.#} nmol/L");
        var tierLine = $"Tier: **{VitaminDClassifier.Describe(v.Tier)}** (rule `{v.RuleId}`, range {VitaminDClassifier.RangeText(v.Tier, t)}).";
        var hyperCa = c.A.Minerals.Hypercalcaemia;
        var caLine = CalciumLine(c);

        switch (v.Tier)
        {
            case VitaminDTier.SevereDeficiency or VitaminDTier.ModerateDeficiency:
            {
                var shpt = c.A.Minerals.SecondaryHyperparathyroidism;
                var indicator = v.Tier == VitaminDTier.SevereDeficiency && shpt ? Indicators.Critical : Indicators.Warning;
                var rules = shpt ? new[] { v.RuleId!, RuleIds.PthSecondaryHpt } : [v.RuleId!];
                var summary = $"Vitamin D {(v.Tier == VitaminDTier.SevereDeficiency ? "severely " : "")}deficient (25(OH)D {m.Canonical})"
                    + (shpt ? " with secondary hyperparathyroidism: replete D3" : ": start vitamin D3 repletion");
                var detail = new StringBuilder()
                    .AppendLine(valueLine).AppendLine().AppendLine(tierLine).AppendLine();
                if (shpt)
                    detail.AppendLine($"**Secondary hyperparathyroidism likely due to vitamin D deficiency** (rule `{RuleIds.PthSecondaryHpt}`): {PthLine(c)}; {caLine}. This raises the urgency of repletion.").AppendLine();
                else if (c.A.Minerals.PthHigh && c.In.Get(Analyte.Calcium) is null)
                    detail.AppendLine($"{PthLine(c)} is raised, but no serum calcium is on record: check calcium to tell secondary from primary hyperparathyroidism.").AppendLine();
                if (ComparatorNote(m) is { } note) detail.AppendLine(note).AppendLine();
                List<CardSuggestion>? suggestions = null;
                if (hyperCa)
                    detail.AppendLine($"**No vitamin D dosing is suggested**: {caLine} (rule `{RuleIds.CaHypercalcaemia}`). Investigate the hypercalcaemia first.");
                else
                {
                    detail.AppendLine("Repletion (Endocrine Society 2011): vitamin D3 **50,000 IU once weekly for 8 weeks** or **6,000 IU daily for 8 weeks**, "
                        + "then **1,500-2,000 IU daily** maintenance. Recheck 25(OH)D in 3 months.");
                    suggestions =
                    [
                        Suggestion(c, v.RuleId + "-weekly", "Vitamin D3 50,000 IU weekly for 8 weeks, then recheck 25(OH)D in 3 months", true,
                            D3Action(c, "Vitamin D3 50,000 IU orally once weekly for 8 weeks, then 1,500-2,000 IU daily maintenance", 50000, 1, Timing.UnitsOfTime.Wk, 8),
                            TestAction(c, 3, "Recheck 25(OH)D 3 months after starting repletion")),
                        Suggestion(c, v.RuleId + "-daily", "Vitamin D3 6,000 IU daily for 8 weeks, then recheck 25(OH)D in 3 months", false,
                            D3Action(c, "Vitamin D3 6,000 IU orally once daily for 8 weeks, then 1,500-2,000 IU daily maintenance", 6000, 1, Timing.UnitsOfTime.D, 8),
                            TestAction(c, 3, "Recheck 25(OH)D 3 months after starting repletion")),
                    ];
                }
                cards.Add(Card(c, v.RuleId!, indicator, summary, detail.ToString(), Sources.EndocrineSociety2011, rules, suggestions, "at-most-one"));
                break;
            }
            case VitaminDTier.Insufficiency:
            {
                var detail = new StringBuilder().AppendLine(valueLine).AppendLine().AppendLine(tierLine).AppendLine();
                if (ComparatorNote(m) is { } note) detail.AppendLine(note).AppendLine();
                List<CardSuggestion>? suggestions = null;
                if (hyperCa) detail.AppendLine($"**No vitamin D dosing is suggested**: {caLine} (rule `{RuleIds.CaHypercalcaemia}`).");
                else
                {
                    detail.AppendLine("Suggested: vitamin D3 **1,500-2,000 IU daily**; recheck 25(OH)D in 3 months (Endocrine Society 2011 target > 30 ng/mL / 75 nmol/L).");
                    suggestions =
                    [
                        Suggestion(c, v.RuleId!, "Vitamin D3 2,000 IU daily and recheck 25(OH)D in 3 months", true,
                            D3Action(c, "Vitamin D3 1,500-2,000 IU orally once daily", 2000, 1, Timing.UnitsOfTime.D, null),
                            TestAction(c, 3, "Recheck 25(OH)D 3 months after starting supplementation")),
                    ];
                }
                cards.Add(Card(c, v.RuleId!, Indicators.Info, $"Vitamin D insufficient (25(OH)D {m.Canonical}): vitamin D3 1,500-2,000 IU daily",
                    detail.ToString(), Sources.EndocrineSociety2011, [v.RuleId!], suggestions, "any"));
                break;
            }
            case VitaminDTier.Sufficiency:
                if (hook is HookKind.PatientView or HookKind.Api)
                    cards.Add(Card(c, v.RuleId!, Indicators.Info, $"Vitamin D sufficient (25(OH)D {m.Canonical}): maintain 600-800 IU daily intake",
                        $"{valueLine}\n\n{tierLine}\n\nNo change needed: maintain intake at the RDA of 600-800 IU daily (IOM 2011).", Sources.OdsVitaminD, [v.RuleId!]));
                break;
            case VitaminDTier.High or VitaminDTier.PotentialToxicity:
            {
                var toxic = v.Tier == VitaminDTier.PotentialToxicity;
                var activeVitD = c.In.ActiveMedications.Where(x => x.Classes.HasFlag(MedicationClass.VitaminD)).ToList();
                var actions = new List<CardAction> { CalciumTestAction(c) };
                actions.AddRange(activeVitD.Where(x => x.Source.StartsWith("MedicationRequest/", StringComparison.Ordinal)).Select(x => new CardAction
                {
                    Type = "delete", Description = $"Stop {x.Name}", ResourceId = x.Source,
                }));
                cards.Add(Card(c, v.RuleId!, toxic ? Indicators.Critical : Indicators.Warning,
                    $"25(OH)D {m.Canonical} is {(toxic ? "in the potentially toxic range" : "high")}: stop vitamin D supplements and check calcium",
                    $"{valueLine}\n\n{tierLine}\n\nStop vitamin D supplements and check serum calcium{(toxic ? " now" : "")}; recheck 25(OH)D. {caLine}."
                    + (activeVitD.Count > 0 ? $"\n\nActive vitamin D: {string.Join(", ", activeVitD.Select(x => x.Name))}." : ""),
                    Sources.EndocrineSociety2011, [v.RuleId!],
                    [Suggestion(c, v.RuleId!, activeVitD.Count > 0 ? "Stop vitamin D and order serum calcium" : "Order serum calcium", true, actions.ToArray())], "any"));
                break;
            }
        }
    }

    // ---- PTH and calcium ---------------------------------------------------------------------------------------

    private static void MineralCards(Ctx c, List<CdsCard> cards)
    {
        var mn = c.A.Minerals;
        if (!mn.Hypercalcaemia) return;
        var primary = mn.PossiblePrimaryHyperparathyroidism;
        var rules = primary ? new[] { RuleIds.CaHypercalcaemia, RuleIds.PthPrimaryHpt, RuleIds.SafetyCalciumHypercalcaemia } : [RuleIds.CaHypercalcaemia, RuleIds.SafetyCalciumHypercalcaemia];
        var detail = new StringBuilder().AppendLine(CalciumLine(c) + ".").AppendLine();
        if (primary)
            detail.AppendLine($"{PthLine(c)} with high calcium: **possible primary hyperparathyroidism** (rule `{RuleIds.PthPrimaryHpt}`). Refer for endocrinology work-up.").AppendLine();
        if (c.In.Get(Analyte.Calcium)!.IsStale)
            detail.AppendLine("The calcium result is older than the staleness window: recheck it; until then dosing stays withheld.").AppendLine();
        detail.AppendLine("**No calcium or vitamin D dosing suggestion is made** while calcium is high (rule `" + RuleIds.SafetyCalciumHypercalcaemia + "`)."
            + (primary ? " If vitamin D is given at all, use caution and monitor calcium." : ""));
        cards.Add(Card(c, RuleIds.CaHypercalcaemia, Indicators.Warning,
            primary ? $"Hypercalcaemia with raised PTH (Ca {c.In.Get(Analyte.Calcium)!.Canonical}): possible primary hyperparathyroidism"
                    : $"Hypercalcaemia (Ca {c.In.Get(Analyte.Calcium)!.Canonical}): no calcium or vitamin D supplementation",
            detail.ToString(), primary ? Sources.EndocrineSociety2011 : Sources.OdsCalcium, rules,
            [Suggestion(c, RuleIds.CaHypercalcaemia, "Repeat serum calcium", true, CalciumTestAction(c))], "any"));
    }

    // ---- bone density ------------------------------------------------------------------------------------------

    private static void BoneCards(Ctx c, List<CdsCard> cards)
    {
        var bmd = c.A.BoneDensity;
        var t = c.T;
        var d = bmd.DrivingMeasurement;
        var bmdLines = DxaLines(c);
        var turnover = c.A.Minerals.HighBoneTurnover
            ? $"\n\nSupporting evidence: osteocalcin {c.In.Get(Analyte.Osteocalcin)!.Canonical} > {t.OsteocalcinHighAbove} ng/mL suggests **high bone turnover** (rule `{RuleIds.OcHighTurnover}`; does not drive dosing)."
            : "";

        if (bmd.Category == BoneDensityCategory.BelowExpectedRangeForAge)
        {
            cards.Add(Card(c, RuleIds.BmdZScoreLow, Indicators.Info, $"Bone density below the expected range for age (Z-score {d!.Canonical})",
                $"{bmdLines}\n\nZ-score <= {t.ZScoreBelowExpectedMax} (ISCD). T-score categories are not used for premenopausal women or men under {t.TScoreMinAge}. Consider evaluation for secondary causes.{turnover}",
                Sources.WhoIscd, [RuleIds.BmdZScoreLow]));
            return;
        }

        if (c.A.Risk.Level == RiskLevel.High)
        {
            var rules = new List<string> { RuleIds.RiskHigh, RuleIds.TreatPharmacological };
            if (bmd.RuleId is not null && bmd.IsOsteoporotic) rules.Insert(0, bmd.RuleId);
            var label = bmd.IsOsteoporotic
                ? $"{(bmd.Category == BoneDensityCategory.SevereOsteoporosis ? "Severe osteoporosis" : "Osteoporosis")} (T-score {d!.Canonical} at {d.Site?.Describe()})"
                : "High fracture risk";
            var stale = d is { IsStale: true } ? $"\n\nThe DXA is from {d.EffectiveAt:yyyy-MM-dd}, older than {t.Staleness.DxaMonths} months: repeat DXA." : "";
            cards.Add(Card(c, RuleIds.RiskHigh, Indicators.Warning, $"{label}: consider pharmacological therapy and specialist review",
                $"{bmdLines}\n\nHigh risk (BHOF 2022): {string.Join("; ", c.A.Risk.Reasons)}.\n\nConsider pharmacological therapy (e.g. a bisphosphonate) and specialist review; "
                + $"**supplements alone are not treatment**. Correct vitamin D deficiency before starting a bisphosphonate.{turnover}{stale}",
                Sources.Bhof2022, rules));
        }

        if (!bmd.IsLowOrOsteoporotic) return;
        if (d!.IsStale)
        {
            cards.Add(Card(c, RuleIds.BmdStale, Indicators.Info, $"DXA from {d.EffectiveAt:yyyy-MM-dd} is stale: repeat DXA before supplement dosing",
                $"{bmdLines}\n\nThe DXA is older than {t.Staleness.DxaMonths} months, so it does not drive calcium, magnesium or vitamin K2 suggestions.",
                Sources.WhoIscd, [RuleIds.BmdStale]));
            return;
        }
        var why = $"{BoneDensityClassifier.Describe(bmd.Category)} (lowest T-score {d.Canonical} at {d.Site?.Describe()}, {d.EffectiveAt:yyyy-MM-dd}; rule `{bmd.RuleId}`)";

        if (!c.A.Minerals.Hypercalcaemia)
        {
            var (calcium, calciumWho) = DietaryReference.CalciumRda(c.In.Patient);
            cards.Add(Card(c, RuleIds.SuppCalcium, Indicators.Info, $"Calcium balance: {calcium:N0} mg/day total, diet first, supplement only the shortfall",
                $"Because of {why}.\n\nTarget total calcium **{calcium:N0} mg/day** for {calciumWho} (IOM 2011), from diet first; supplement only the shortfall, "
                + "**at most 500-600 mg per dose**; upper limit **2,000 mg/day**.",
                Sources.OdsCalcium, [bmd.RuleId!, RuleIds.SuppCalcium],
                [Suggestion(c, RuleIds.SuppCalcium, "Calcium supplement for the dietary shortfall (max 500-600 mg per dose)", false,
                    MedAction(c, "Calcium (elemental) supplement", "Elemental calcium 500 mg orally once daily with food, only to cover the dietary shortfall; at most 500-600 mg per dose; total intake at most 2,000 mg/day", 500, "mg"))], "any"));
        }

        if (c.A.Minerals.MagnesiumContraindicatedByEgfr)
            cards.Add(Card(c, RuleIds.SafetyMagnesiumEgfr, Indicators.Info, $"Magnesium supplement not suggested: eGFR {c.In.Get(Analyte.Egfr)!.Canonical} < {t.MagnesiumMinEgfr}",
                $"{MeasurementLine("eGFR", c.In.Get(Analyte.Egfr)!, null)}\n\nMagnesium supplements are withheld when eGFR < {t.MagnesiumMinEgfr} mL/min/1.73m2 (risk of hypermagnesaemia).",
                Sources.OdsMagnesium, [RuleIds.SafetyMagnesiumEgfr]));
        else
        {
            var egfr = c.In.Get(Analyte.Egfr);
            var renal = egfr is null ? "\n\nNo eGFR is on record: check renal function before supplementing." : $"\n\n{MeasurementLine("eGFR", egfr, null)}.";
            var (magnesium, magnesiumWho) = DietaryReference.MagnesiumRda(c.In.Patient);
            cards.Add(Card(c, RuleIds.SuppMagnesium, Indicators.Info, $"Magnesium: RDA {magnesium} mg/day; supplemental magnesium at most 350 mg/day",
                $"Because of {why}.\n\nMagnesium RDA is **{magnesium} mg/day** for {magnesiumWho}; supplemental magnesium **at most 350 mg/day** (IOM upper limit for supplements).{renal}",
                Sources.OdsMagnesium, [bmd.RuleId!, RuleIds.SuppMagnesium],
                [Suggestion(c, RuleIds.SuppMagnesium, "Magnesium supplement up to 350 mg/day", false,
                    MedAction(c, "Magnesium supplement", "Magnesium 250-350 mg orally once daily; supplemental magnesium at most 350 mg/day", 350, "mg"))], "any"));
        }

        var vka = c.In.ActiveMedications.Where(x => x.Classes.HasFlag(MedicationClass.VitaminKAntagonist)).ToList();
        if (vka.Count > 0)
            cards.Add(Card(c, RuleIds.SafetyK2Vka, Indicators.Warning, $"No vitamin K2: patient is on {vka[0].Name} (vitamin K antagonist)",
                $"Vitamin K2 is **not suggested** because the patient takes a vitamin K antagonist ({string.Join(", ", vka.Select(x => $"{x.Name} [{x.Source}]"))}). "
                + $"Vitamin K intake changes can alter INR and anticoagulation control (rule `{RuleIds.SafetyK2Vka}`).",
                Sources.OdsVitaminK, [RuleIds.SafetyK2Vka]));
        else if (!c.In.MedicationListKnown)
            cards.Add(Card(c, RuleIds.SuppK2, Indicators.Info, "Vitamin K2 not suggested: medication list unavailable to exclude warfarin",
                $"Because of {why}, vitamin K2 (MK-7) 90-180 ug/day could be considered (modest evidence), but the active medication list was not provided, "
                + "so a vitamin K antagonist such as warfarin cannot be excluded. No K2 suggestion is made until it can.",
                Sources.OdsVitaminK, [bmd.RuleId!, RuleIds.SuppK2]));
        else
            cards.Add(Card(c, RuleIds.SuppK2, Indicators.Info, "Vitamin K2 (MK-7) 90-180 ug/day may support bone mineralisation (modest evidence)",
                $"Because of {why}.\n\nVitamin K2 (menaquinone-7) **90-180 ug/day** may support bone mineralisation. **The evidence is modest**; it is not a treatment for osteoporosis. "
                + "Never for patients on warfarin or another vitamin K antagonist.",
                Sources.OdsVitaminK, [bmd.RuleId!, RuleIds.SuppK2],
                [Suggestion(c, RuleIds.SuppK2, "Vitamin K2 (MK-7) 90-180 ug daily", false,
                    MedAction(c, "Vitamin K2 (menaquinone-7)", "Menaquinone-7 90-180 ug orally once daily", 180, "ug"))], "any"));
    }

    private static void RejectedInputCard(Ctx c, List<CdsCard> cards)
    {
        if (c.In.Rejected.Count == 0) return;
        var lines = string.Join("\n", c.In.Rejected.Take(20).Select(r => $"- {r.Source}: {r.Reason}"));
        cards.Add(Card(c, "INPUT-REJECTED", Indicators.Info, $"{c.In.Rejected.Count} result(s) could not be used by the bone-health rules",
            $"These inputs were not used, so the advice above does not rely on them:\n\n{lines}", Sources.EndocrineSociety2011, ["INPUT-REJECTED"]));
    }

    // ---- order checks ------------------------------------------------------------------------------------------

    private static List<CdsCard> OrderCards(Ctx c, List<DraftOrder> drafts)
    {
        var cards = new List<CdsCard>();
        var v = c.A.VitaminD;
        var t = c.T;
        foreach (var o in drafts)
        {
            if (o.Classes.HasFlag(MedicationClass.Bisphosphonate))
            {
                if (v.IsCurrent && v.IsDeficient)
                    cards.Add(Card(c, RuleIds.OrderBisphosphonateLowVitD + o.Reference, Indicators.Warning,
                        $"Replete vitamin D before starting {Short(o.Name)}: 25(OH)D {v.Measurement!.Canonical} < {t.VitaminDDeficientBelow} ng/mL",
                        $"{MeasurementLine("25(OH)D", v.Measurement, null)}\n\nBisphosphonates can cause hypocalcaemia when vitamin D is deficient. Replete vitamin D (and ensure adequate calcium) before the first dose (BHOF 2022).",
                        Sources.Bhof2022, [RuleIds.OrderBisphosphonateLowVitD, v.RuleId!],
                        [Suggestion(c, RuleIds.OrderBisphosphonateLowVitD + o.Reference, "Start vitamin D3 repletion (50,000 IU weekly for 8 weeks)", true,
                            D3Action(c, "Vitamin D3 50,000 IU orally once weekly for 8 weeks, then 1,500-2,000 IU daily maintenance", 50000, 1, Timing.UnitsOfTime.Wk, 8))], "any"));
                else if (!v.IsCurrent)
                    cards.Add(Card(c, RuleIds.OrderBisphosphonateLowVitD + o.Reference, Indicators.Info,
                        $"Check 25(OH)D before starting {Short(o.Name)}: no current result",
                        v.Measurement is null ? "No 25(OH)D result is on record." : $"{MeasurementLine("25(OH)D", v.Measurement, null)} — older than {t.Staleness.VitaminDMonths} months.",
                        Sources.Bhof2022, [RuleIds.OrderBisphosphonateLowVitD],
                        [Suggestion(c, RuleIds.OrderBisphosphonateLowVitD + o.Reference, "Order serum 25(OH)D", true, TestAction(c, null, "Check vitamin D before bisphosphonate"))], "any"));
            }
            if (o.Classes.HasFlag(MedicationClass.VitaminD) && (v is { IsHighOrToxic: true } || c.A.Minerals.Hypercalcaemia))
            {
                var toxic = v.Tier == VitaminDTier.PotentialToxicity;
                var reason = v.IsHighOrToxic ? $"25(OH)D is {VitaminDClassifier.Describe(v.Tier)} ({v.Measurement!.Canonical})" : CalciumLine(c);
                cards.Add(BlockDraft(c, o, RuleIds.OrderVitDHigh, toxic ? Indicators.Critical : Indicators.Warning,
                    $"Vitamin D order while {(v.IsHighOrToxic ? $"25(OH)D is {v.Measurement!.Canonical}" : "calcium is high")}: do not start vitamin D",
                    $"{reason}. Stop vitamin D supplements and check calcium; do not add {o.Name}.", Sources.EndocrineSociety2011,
                    v.RuleId ?? RuleIds.CaHypercalcaemia));
            }
            if (o.Classes.HasFlag(MedicationClass.VitaminK2) && c.In.OnMedication(MedicationClass.VitaminKAntagonist))
            {
                var vka = c.In.ActiveMedications.First(x => x.Classes.HasFlag(MedicationClass.VitaminKAntagonist));
                cards.Add(BlockDraft(c, o, RuleIds.OrderK2Vka, Indicators.Critical,
                    $"Vitamin K2 ordered for a patient on {Short(vka.Name)} (vitamin K antagonist): do not give",
                    $"The patient takes {vka.Name} [{vka.Source}]. Vitamin K2 can reduce the anticoagulant effect and destabilise the INR.",
                    Sources.OdsVitaminK, RuleIds.SafetyK2Vka));
            }
            if (o.Classes.HasFlag(MedicationClass.Calcium) && c.A.Minerals.Hypercalcaemia)
                cards.Add(BlockDraft(c, o, RuleIds.OrderCalciumHypercalcaemia, Indicators.Warning,
                    $"Calcium ordered while calcium is high ({c.In.Get(Analyte.Calcium)!.Canonical}): do not supplement",
                    $"{CalciumLine(c)}. Calcium supplementation is withheld in hypercalcaemia.",
                    Sources.OdsCalcium, RuleIds.CaHypercalcaemia));
            if (o.Classes.HasFlag(MedicationClass.Magnesium) && c.A.Minerals.MagnesiumContraindicatedByEgfr)
                cards.Add(BlockDraft(c, o, RuleIds.OrderMagnesiumEgfr, Indicators.Warning,
                    $"Magnesium ordered with eGFR {c.In.Get(Analyte.Egfr)!.Canonical} < {t.MagnesiumMinEgfr}: risk of hypermagnesaemia",
                    $"{MeasurementLine("eGFR", c.In.Get(Analyte.Egfr)!, null)}. Magnesium supplements are withheld when eGFR < {t.MagnesiumMinEgfr}.",
                    Sources.OdsMagnesium, RuleIds.SafetyMagnesiumEgfr));
        }
        return cards;
    }

    /// <summary>A draft order that should not go ahead: one card per order, suggesting its removal.</summary>
    private static CdsCard BlockDraft(Ctx c, DraftOrder o, string ruleId, string indicator, string summary, string detail,
        GuidelineSource source, string supportingRuleId) =>
        Card(c, ruleId + o.Reference, indicator, summary, detail, source, [ruleId, supportingRuleId],
            [Suggestion(c, ruleId + o.Reference, $"Remove the draft order for {Short(o.Name)}", true, DeleteAction(o))], "any");

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static string Short(string name) => name.Length <= 40 ? name : name[..37] + "...";

    private static CdsCard Card(Ctx c, string key, string indicator, string summary, string detail, GuidelineSource source,
        IReadOnlyList<string> ruleIds, IReadOnlyList<CardSuggestion>? suggestions = null, string? selection = null)
    {
        var ruleLine = $"\n\n_Rules: {string.Join(", ", ruleIds.Distinct().Select(r => $"`{r}`"))}. Evaluated {c.Now:yyyy-MM-dd}._";
        return new CdsCard
        {
            Uuid = StableUuid(c.HookInstance, key),
            Summary = summary.Length <= 140 ? summary : summary[..137] + "...",
            Indicator = indicator,
            Detail = detail.TrimEnd() + ruleLine,
            Source = new CardSource(source.Label, source.Url),
            Suggestions = suggestions is { Count: > 0 } ? suggestions : null,
            SelectionBehavior = suggestions is { Count: > 0 } ? selection ?? "any" : null,
            OverrideReasons = indicator == Indicators.Info && suggestions is null ? null : OverrideReasons,
            RuleIds = ruleIds.Distinct().ToList(),
        };
    }

    private static CardSuggestion Suggestion(Ctx c, string key, string label, bool recommended, params CardAction[] actions) => new()
    {
        Label = label,
        Uuid = StableUuid(c.HookInstance, "suggestion:" + key),
        IsRecommended = recommended,
        Actions = actions,
    };

    private static CardAction D3Action(Ctx c, string text, decimal iu, int freq, Timing.UnitsOfTime per, int? weeks) => new()
    {
        Type = "create",
        Description = text,
        Resource = SuggestedResources.Supplement(c.PatientId, "Vitamin D3", SuggestedResources.Cholecalciferol, text, iu, "IU", freq, per, weeks),
    };

    private static CardAction MedAction(Ctx c, string name, string text, decimal dose, string unit) => new()
    {
        Type = "create",
        Description = text,
        Resource = SuggestedResources.Supplement(c.PatientId, name, null, text, dose, unit, 1, Timing.UnitsOfTime.D),
    };

    private static CardAction TestAction(Ctx c, int? inMonths, string reason) => new()
    {
        Type = "create",
        Description = inMonths is null ? "Order serum 25(OH)D (LOINC 62292-8)" : $"Order serum 25(OH)D (LOINC 62292-8) in {inMonths} months",
        Resource = SuggestedResources.LabTest(c.PatientId, LoincCatalog.VitaminDOrderCode, "25-hydroxyvitamin D2+D3 [Mass/volume] in Serum or Plasma",
            inMonths is null ? null : c.Now.AddMonths(inMonths.Value), reason),
    };

    private static CardAction CalciumTestAction(Ctx c) => new()
    {
        Type = "create",
        Description = "Order serum calcium (LOINC 17861-6)",
        Resource = SuggestedResources.LabTest(c.PatientId, "17861-6", "Calcium [Mass/volume] in Serum or Plasma", null, "Check calcium (vitamin D / calcium safety)"),
    };

    private static CardAction DeleteAction(DraftOrder o) => new() { Type = "delete", Description = $"Remove the draft order for {o.Name}", ResourceId = o.Reference };

    private static string MeasurementLine(string name, Measurement m, string? alt) =>
        $"**{name}: {m.Canonical}**{(alt is not null ? $" ({alt})" : "")}{(m.Converted ? $", reported as {m.Reported}" : "")}, on {m.EffectiveAt:yyyy-MM-dd}{(m.IsStale ? " (stale)" : "")}";

    private static string? ComparatorNote(Measurement m) => m.Comparator is null ? null
        : $"_The result was reported as **{m.Reported}**; it is treated as its bound ({m.Canonical}) for classification._";

    private static string CalciumLine(Ctx c)
    {
        var ca = c.In.Get(Analyte.Calcium);
        if (ca is null) return "no serum calcium on record";
        var state = ca.Value > c.T.CalciumHighAbove ? $"above {c.T.CalciumHighAbove} mg/dL (hypercalcaemia)" : ca.Value < c.T.CalciumLowBelow ? "low" : "within range";
        return $"calcium {ca.Canonical}{(ca.Converted ? $" (reported {ca.Reported})" : "")} on {ca.EffectiveAt:yyyy-MM-dd}, {state}";
    }

    private static string PthLine(Ctx c)
    {
        var p = c.In.Get(Analyte.Pth)!;
        return $"PTH {p.Canonical}{(p.Converted ? $" (reported {p.Reported})" : "")} on {p.EffectiveAt:yyyy-MM-dd} (reference {c.T.PthLow}-{c.T.PthHigh} pg/mL)";
    }

    private static string DxaLines(Ctx c)
    {
        var scores = c.A.BoneDensity.Method == "T-score" ? c.In.LatestTScores : c.In.LatestZScores;
        return string.Join("\n", scores.Select(m => $"- {c.A.BoneDensity.Method} {m.Site?.Describe()}: **{m.Canonical}** on {m.EffectiveAt:yyyy-MM-dd}{(m.IsStale ? " (stale)" : "")}{(m == c.A.BoneDensity.DrivingMeasurement ? " ← lowest" : "")}"))
            + $"\n\nWHO/ISCD: normal >= {c.T.TScoreNormalMin}; osteopenia < {c.T.TScoreNormalMin} and > {c.T.TScoreOsteoporosisMax}; osteoporosis <= {c.T.TScoreOsteoporosisMax}.";
    }

    /// <summary>Deterministic UUID (v5-style, SHA-256 based) from the hook instance and the card's key.</summary>
    public static string StableUuid(string hookInstance, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(hookInstance + "|" + key));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
