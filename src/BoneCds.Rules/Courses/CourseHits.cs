namespace BoneCds.Rules.Courses;

/// <summary>The v4 course rules that fired, as the assessment lists them (rule id, conclusion, values used, threshold, source).</summary>
public static class CourseHits
{
    public static void Add(CourseFindings f, DateTimeOffset now, RuleThresholds t, List<RuleHit> hits)
    {
        if (f.Denosumab is { } dmab)
            hits.Add(dmab.Overdue
                ? new RuleHit(RuleIds.DmabOverdue, $"denosumab overdue: last dose {dmab.DaysSinceLastDose} days ago",
                    [dmab.Course.Describe(now)], $"last dose more than {t.DenosumabOverdueAfterDays} days ago, no bisphosphonate since",
                    Sources.EctsDenosumab2021.Label)
                : new RuleHit(RuleIds.DmabDue, $"denosumab due: last dose {dmab.DaysSinceLastDose} days ago", [dmab.Course.Describe(now)],
                    $"last dose {t.DenosumabDueDays}-{t.DenosumabOverdueAfterDays} days ago", Sources.DenosumabLabel.Label));
        if (f.BisphosphonateForReview is { } bp)
            hits.Add(new RuleHit(RuleIds.BpDuration, $"bisphosphonate for {bp.Years(now)} years: reassess", [bp.Describe(now)],
                $"oral >= {t.OralBisphosphonateReviewYears} years, or zoledronic acid >= {t.ZoledronicAcidReviewYears} years or "
                + $"{t.ZoledronicAcidReviewInfusions} infusions with the last within {t.ZoledronicAcidCurrentMonths} months",
                Sources.Asbmr2016.Label));
        if (f.AnabolicWithoutFollowOn is { } anabolic)
            hits.Add(new RuleHit(RuleIds.AnabolicFollowOn, "anabolic course ended with no antiresorptive since", [anabolic.Describe(now)],
                $"teriparatide, abaloparatide or romosozumab ended within {t.AnabolicFollowOnMonths} months",
                Sources.AnabolicFollowOn.Label));
        if (f.Glucocorticoid is { } gc)
            hits.Add(new RuleHit(RuleIds.GcOsteoporosis, "long-term systemic glucocorticoid",
                [gc.Course.Describe(now), gc.PrednisoneMgPerDay is { } mg ? $"{mg:0.##} mg/day prednisone equivalent" : "dose not read"],
                $"current and started {t.GlucocorticoidMinMonths}+ months ago, >= {t.GlucocorticoidMinPrednisoneMgPerDay} mg/day "
                + "prednisone equivalent where the dose can be read", Sources.Acr2022Glucocorticoid.Label));
        if (f.VeryHighRiskReasons.Count > 0)
            hits.Add(new RuleHit(RuleIds.RiskVeryHigh, "very high fracture risk", f.VeryHighRiskReasons,
                $"high risk plus a fracture in {t.RecentFractureMonths} months, on therapy or two or more, "
                + $"T-score <= {t.TScoreVeryHighMax}, "
                + $"or FRAX major > {t.FraxMajorVeryHighAbovePercent}% / hip > {t.FraxHipVeryHighAbovePercent}%", Sources.Aace2020.Label));
    }
}
