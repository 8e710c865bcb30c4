using static BoneCds.Rules.Cards.CardFactory;
using static BoneCds.Rules.Cards.CardText;

namespace BoneCds.Rules.Cards;

/// <summary>
/// The v4 treatment-course cards (clinical-rules.md "Treatment course and continuity"): each names the course it read (drug,
/// start, last dose, length, the records), its rule and its source. DMAB-OVERDUE and ANABOLIC-FOLLOW-ON are warnings that are
/// never suppressed; at order time every warning here is shown beside the order checks (CardBuilder keeps non-info cards).
/// </summary>
public static class CourseCards
{
    public static void Add(CardContext ctx, List<CdsCard> cards)
    {
        var f = ctx.Assessment.Courses;
        if (f.Denosumab is { Overdue: true } overdue) cards.Add(DenosumabOverdue(ctx, overdue));
        else if (f.Denosumab is { Due: true } due) cards.Add(DenosumabDue(ctx, due));
        if (f.BisphosphonateForReview is { } bp) cards.Add(BisphosphonateDuration(ctx, bp));
        // An antiresorptive in the draft orders is the follow-on being ordered now.
        if (f.AnabolicWithoutFollowOn is { } anabolic && !ctx.Drafts.Any(d => d.Is(MedicationClass.Antiresorptive)))
            cards.Add(AnabolicFollowOn(ctx, anabolic));
        if (f.Glucocorticoid is { } gc) cards.Add(Glucocorticoid(ctx, gc));
    }

    /// <summary>"Course from DATE (N years M months), N doses, last dose DATE: records".</summary>
    private static string CourseLine(CardContext ctx, TreatmentCourse c)
    {
        var months = c.Months(ctx.Now);
        var length = months >= 12 ? $"{months / 12} year(s) {months % 12} month(s)" : $"{months} month(s)";
        return $"**{c.Name}**: course from {c.Start:yyyy-MM-dd} ({length}{(c.Current ? ", current" : "")}), {c.Doses} "
            + $"{(c.FromAdministrations ? "dose(s) given" : "order(s)")}, last {(c.FromAdministrations ? "dose" : "ordered")} "
            + $"{c.LastDose:yyyy-MM-dd}. Records: {c.SourcesText(5)}."
            + (c.FromAdministrations ? "" : " No administration is on record: the order date stands in for the dose date.");
    }

    private static CdsCard DenosumabOverdue(CardContext ctx, DenosumabStatus s) =>
        Card(ctx, RuleIds.DmabOverdue, Indicators.Warning,
            $"Denosumab overdue (last dose {s.Course.LastDose:yyyy-MM-dd}): give the next dose now or start a bisphosphonate",
            $"{CourseLine(ctx, s.Course)}\n\nThe last dose was {s.DaysSinceLastDose} days ago, more than "
            + $"{ctx.Thresholds.DenosumabOverdueAfterDays} days (7 months), and no bisphosphonate has been started since. **Denosumab "
            + "overdue: stopping risks rebound bone loss and multiple vertebral fractures; give the next dose now or start a "
            + "bisphosphonate** (ECTS 2021). Check calcium and 25(OH)D before the dose.",
            Sources.EctsDenosumab2021, [RuleIds.DmabOverdue]);

    private static CdsCard DenosumabDue(CardContext ctx, DenosumabStatus s) =>
        Card(ctx, RuleIds.DmabDue, Indicators.Info, $"Denosumab due (last dose {s.Course.LastDose:yyyy-MM-dd})",
            $"{CourseLine(ctx, s.Course)}\n\nThe last dose was {s.DaysSinceLastDose} days ago: denosumab is given every 6 months, and a "
            + $"dose later than 7 months ({ctx.Thresholds.DenosumabOverdueAfterDays} days) risks rebound bone loss.",
            Sources.DenosumabLabel, [RuleIds.DmabDue]);

    private static CdsCard BisphosphonateDuration(CardContext ctx, TreatmentCourse c)
    {
        var years = c.Years(ctx.Now);
        var intravenous = c.Drug == CourseDrug.ZoledronicAcid;
        return Card(ctx, RuleIds.BpDuration, Indicators.Info, $"Bisphosphonate for {years} years: reassess",
            $"{CourseLine(ctx, c)}\n\nBisphosphonate for {years} years{(intravenous ? $" ({c.Doses} infusion(s))" : "")}: **reassess**. "
            + "Continue (to 10 years oral, 6 IV) if still at high risk (hip T-score <= -2.5, or a fracture on therapy); otherwise "
            + "consider a 2-3 year drug holiday with review.",
            Sources.Asbmr2016, [RuleIds.BpDuration]);
    }

    private static CdsCard AnabolicFollowOn(CardContext ctx, TreatmentCourse c) =>
        Card(ctx, RuleIds.AnabolicFollowOn, Indicators.Warning,
            $"{Short(c.Name)} ended {c.LastRecord:yyyy-MM-dd}: follow the anabolic course with an antiresorptive, or the gain is lost",
            $"{CourseLine(ctx, c)}\n\nThe anabolic course ended on {c.LastRecord:yyyy-MM-dd}, within "
            + $"{ctx.Thresholds.AnabolicFollowOnMonths} months, and no antiresorptive (bisphosphonate or denosumab) is on record since. "
            + "**Follow the anabolic course with an antiresorptive, or the gain is lost.**",
            Sources.AnabolicFollowOn, [RuleIds.AnabolicFollowOn]);

    private static CdsCard Glucocorticoid(CardContext ctx, GlucocorticoidFinding gc)
    {
        var t = ctx.Thresholds;
        var untreatedHighRisk = ctx.Assessment.Risk.Level == RiskLevel.High && ctx.Assessment.AntiOsteoporosisTherapy.Count == 0;
        var dose = gc.PrednisoneMgPerDay is { } mg
            ? $"The current dose is {mg:0.##} mg/day prednisone equivalent (at least {t.GlucocorticoidMinPrednisoneMgPerDay})."
            : $"The dose could not be read from the record: the guideline applies at {t.GlucocorticoidMinPrednisoneMgPerDay} mg/day "
              + "prednisone equivalent or more for 3 months or more.";
        return Card(ctx, RuleIds.GcOsteoporosis, untreatedHighRisk ? Indicators.Warning : Indicators.Info,
            "Long-term glucocorticoid: assess fracture risk and optimise calcium and vitamin D",
            $"{CourseLine(ctx, gc.Course)}\n\n{dose}\n\n**Long-term glucocorticoid: assess fracture risk (FRAX adjusted for dose, BMD, "
            + "vertebral fracture assessment) and optimise calcium and vitamin D.**"
            + (untreatedHighRisk ? $" High fracture risk and no anti-osteoporosis therapy on record: {string.Join("; ",
                ctx.Assessment.Risk.Reasons)}." : ""),
            Sources.Acr2022Glucocorticoid, [RuleIds.GcOsteoporosis]);
    }
}
