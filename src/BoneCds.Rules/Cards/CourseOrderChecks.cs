using static BoneCds.Rules.Cards.CardFactory;
using static BoneCds.Rules.Cards.CardText;

namespace BoneCds.Rules.Cards;

/// <summary>
/// v4 order checks (clinical-rules.md "Order checks (v4)"): romosozumab after a myocardial infarction or stroke and beyond 12
/// doses; a PTH analogue with Paget's disease, bone metastases or a high alkaline phosphatase, and beyond 2 years; an
/// antiresorptive with a persistently low alkaline phosphatase.
/// </summary>
public static class CourseOrderChecks
{
    public static void Add(CardContext ctx, DraftOrder draft, List<CdsCard> cards)
    {
        if (draft.Is(MedicationClass.Romosozumab))
        {
            if (RomosozumabCardiovascular(ctx, draft) is { } cv) cards.Add(cv);
            if (RomosozumabDoses(ctx, draft) is { } doses) cards.Add(doses);
        }
        if (draft.Is(MedicationClass.PthAnalogue))
        {
            if (PthAnalogueContraindication(ctx, draft) is { } contra) cards.Add(contra);
            if (PthAnalogueDuration(ctx, draft) is { } duration) cards.Add(duration);
        }
        if (draft.Is(MedicationClass.Antiresorptive) && AntiresorptiveLowAlp(ctx, draft) is { } alp) cards.Add(alp);
    }

    /// <summary>The alkaline phosphatase range: the result's own, else the configured one (v4: 40-130 U/L).</summary>
    public static (decimal Low, decimal High) AlpRange(Measurement m, RuleThresholds t) =>
        (m.ReferenceLow ?? t.AlkalinePhosphataseLow, m.ReferenceHigh ?? t.AlkalinePhosphataseHigh);

    private static string AlpLine(Measurement m, RuleThresholds t)
    {
        var (low, high) = AlpRange(m, t);
        return $"{m.Describe("alkaline phosphatase")} (range {low:0.##}-{high:0.##} U/L{(m.ReferenceLow is null ? ", default" : "")})";
    }

    private static CdsCard? RomosozumabCardiovascular(CardContext ctx, DraftOrder draft)
    {
        var since = ctx.Now.AddMonths(-ctx.Thresholds.RomosozumabCardiovascularMonths);
        var events = ctx.Input.OrderCheckConditions.Where(c => c.Kind == OrderCheckCondition.MyocardialInfarctionOrStroke)
            .Select(c => c.Diagnosis).ToList();
        var recent = events.Where(d => d.RecordedOn >= since).ToList();
        var undated = events.Where(d => d.RecordedOn is null).ToList();
        if (recent.Count == 0 && undated.Count == 0) return null;
        var named = string.Join("; ", recent.Concat(undated).Select(d => $"{d.Describe()} [{d.Source}]"));
        return OrderCheckCards.BlockDraft(ctx, draft, RuleIds.OrderRomosozumabCardiovascular,
            recent.Count > 0 ? Indicators.Critical : Indicators.Warning,
            recent.Count > 0 ? $"{Short(draft.Name)} within a year of a heart attack or stroke: do not start"
                : $"{Short(draft.Name)}: heart attack or stroke on record with no date, confirm it was over a year ago",
            $"On record: {named}.\n\nRomosozumab **must not be started within a year of a myocardial infarction or stroke** (boxed "
            + "warning: it may increase the risk of MI, stroke and cardiovascular death). Consider another agent.",
            Sources.RomosozumabLabel, RuleIds.OrderRomosozumabCardiovascular);
    }

    private static CdsCard? RomosozumabDoses(CardContext ctx, DraftOrder draft)
    {
        var courses = ctx.Assessment.Courses.Of(CourseDrug.Romosozumab).ToList();
        var doses = courses.Sum(c => c.Doses);
        if (doses < ctx.Thresholds.RomosozumabMaxDoses) return null;
        var key = RuleIds.OrderRomosozumabDoses + draft.Reference;
        return Card(ctx, key, Indicators.Warning, $"{Short(draft.Name)}: {doses} monthly doses already given, the course is 12",
            $"{string.Join("\n\n", courses.Select(c => c.Describe(ctx.Now)))}\n\nThe romosozumab course is "
            + $"{ctx.Thresholds.RomosozumabMaxDoses} monthly doses; {doses} are on record. Follow it with an antiresorptive instead.",
            Sources.RomosozumabLabel, [RuleIds.OrderRomosozumabDoses]);
    }

    private static CdsCard? PthAnalogueContraindication(CardContext ctx, DraftOrder draft)
    {
        var reasons = ctx.Input.OrderCheckConditions
            .Where(c => c.Kind is OrderCheckCondition.PagetDisease or OrderCheckCondition.BoneMetastases)
            .Select(c => $"{(c.Kind == OrderCheckCondition.PagetDisease ? "Paget's disease of bone" : "bone metastases")}: "
                + $"{c.Diagnosis.Describe()} [{c.Diagnosis.Source}]").ToList();
        if (ctx.Input.AlkalinePhosphatase is [var latest, ..] && latest.Value > AlpRange(latest, ctx.Thresholds).High)
            reasons.Add($"alkaline phosphatase above range: {AlpLine(latest, ctx.Thresholds)}; if unexplained, exclude Paget's disease");
        if (reasons.Count == 0) return null;
        return OrderCheckCards.BlockDraft(ctx, draft, RuleIds.OrderPthAnalogueContraindication, Indicators.Warning,
            $"{Short(draft.Name)}: higher osteosarcoma risk (Paget's disease, bone metastases or high alkaline phosphatase)",
            $"{string.Join("\n\n", reasons)}.\n\nTeriparatide and abaloparatide are not for patients at increased baseline risk of "
            + "osteosarcoma: Paget's disease of bone, unexplained elevations of alkaline phosphatase, bone metastases or skeletal "
            + "malignancy, prior skeletal radiation.",
            Sources.PthAnalogueLabels, RuleIds.OrderPthAnalogueContraindication);
    }

    private static CdsCard? PthAnalogueDuration(CardContext ctx, DraftOrder draft)
    {
        var courses = ctx.Assessment.Courses.Of(CourseDrug.PthAnalogue).ToList();
        var days = courses.Sum(c => CourseRules.DaysBetween(c.Start, c.End(ctx.Now)));
        if (days < CourseRules.DaysBetween(ctx.Now.AddYears(-ctx.Thresholds.PthAnalogueMaxYears), ctx.Now)) return null;
        var key = RuleIds.OrderPthAnalogueDuration + draft.Reference;
        return Card(ctx, key, Indicators.Info, $"{Short(draft.Name)}: {days / 365.25:0.#} years of PTH-analogue use on record",
            $"{string.Join("\n\n", courses.Select(c => c.Describe(ctx.Now)))}\n\nCumulative use is {days} days, "
            + $"{ctx.Thresholds.PthAnalogueMaxYears} years or more: continue beyond 2 years only if the patient remains at high fracture "
            + "risk (abaloparatide: 2 years at most in a lifetime).",
            Sources.PthAnalogueLabels, [RuleIds.OrderPthAnalogueDuration]);
    }

    private static CdsCard? AntiresorptiveLowAlp(CardContext ctx, DraftOrder draft)
    {
        if (ctx.Input.AlkalinePhosphatase is not [var latest, var before]
            || latest.Value >= AlpRange(latest, ctx.Thresholds).Low || before.Value >= AlpRange(before, ctx.Thresholds).Low)
            return null;
        var key = RuleIds.OrderAntiresorptiveLowAlp + draft.Reference;
        return Card(ctx, key, Indicators.Warning,
            $"Persistently low alkaline phosphatase: consider hypophosphatasia before {Short(draft.Name)}",
            $"{AlpLine(latest, ctx.Thresholds)}; {AlpLine(before, ctx.Thresholds)}.\n\n**Persistently low alkaline phosphatase: "
            + "consider hypophosphatasia before an antiresorptive** (check pyridoxal 5'-phosphate and ALPL genetics); antiresorptives "
            + "have been linked to atypical femoral fractures in hypophosphatasia.",
            Sources.Rassie2019, [RuleIds.OrderAntiresorptiveLowAlp]);
    }
}
