namespace BoneCds.Rules.Courses;

/// <summary>The last denosumab dose and how long ago it was (v4 DMAB-DUE, DMAB-OVERDUE).</summary>
public sealed record DenosumabStatus(TreatmentCourse Course, int DaysSinceLastDose, bool Overdue, bool Due);

/// <summary>A current glucocorticoid course of 3 months or more, and its prednisone-equivalent daily dose when readable.</summary>
public sealed record GlucocorticoidFinding(TreatmentCourse Course, decimal? PrednisoneMgPerDay);

/// <summary>What the v4 course rules found, with the courses they read.</summary>
public sealed record CourseFindings(IReadOnlyList<TreatmentCourse> Courses)
{
    public static readonly CourseFindings None = new([]);

    public DenosumabStatus? Denosumab { get; init; }
    /// <summary>BP-DURATION: the bisphosphonate course due for review.</summary>
    public TreatmentCourse? BisphosphonateForReview { get; init; }
    /// <summary>ANABOLIC-FOLLOW-ON: the anabolic course stopped within 12 months with no antiresorptive since.</summary>
    public TreatmentCourse? AnabolicWithoutFollowOn { get; init; }
    public GlucocorticoidFinding? Glucocorticoid { get; init; }
    /// <summary>RISK-VERY-HIGH (AACE/ACE 2020): empty unless the patient is at high risk and one of these holds.</summary>
    public IReadOnlyList<string> VeryHighRiskReasons { get; init; } = [];

    public IEnumerable<TreatmentCourse> Of(CourseDrug drug) => Courses.Where(c => c.Drug == drug);
}

/// <summary>The v4 rules on treatment courses (clinical-rules.md "Treatment course and continuity (v4)").</summary>
public static class CourseRules
{
    public static CourseFindings Evaluate(ClinicalInput input, BoneDensityFinding density, RiskFinding risk, RuleThresholds t)
    {
        var courses = CourseReader.Read(input);
        var now = input.EvaluatedAt;
        return new CourseFindings(courses)
        {
            Denosumab = Denosumab(courses, now, t),
            BisphosphonateForReview = BisphosphonateForReview(courses, now, t),
            AnabolicWithoutFollowOn = AnabolicWithoutFollowOn(courses, now, t),
            Glucocorticoid = Glucocorticoid(input, courses, now, t),
            VeryHighRiskReasons = risk.Level == RiskLevel.High ? VeryHighRisk(input, density, courses, t) : [],
        };
    }

    /// <summary>Whole days between two instants' UTC dates (a dose given at 23:00 counts on its own day).</summary>
    public static int DaysBetween(DateTimeOffset from, DateTimeOffset to) => (to.UtcDateTime.Date - from.UtcDateTime.Date).Days;

    private static DenosumabStatus? Denosumab(IReadOnlyList<TreatmentCourse> courses, DateTimeOffset now, RuleThresholds t)
    {
        var last = courses.Where(c => c.Drug == CourseDrug.Denosumab).MaxBy(c => c.LastDose);
        if (last is null || last.LastDose < now.AddYears(-t.DenosumabFollowYears)) return null;
        // "No bisphosphonate started since": a bisphosphonate record dated after the last denosumab dose.
        if (courses.Any(c => c.IsBisphosphonate && c.Dates.Any(d => d > last.LastDose))) return null;
        var days = DaysBetween(last.LastDose, now);
        var overdue = days > t.DenosumabOverdueAfterDays;
        var due = !overdue && days >= t.DenosumabDueDays;
        return overdue || due ? new DenosumabStatus(last, days, overdue, due) : null;
    }

    private static TreatmentCourse? BisphosphonateForReview(IReadOnlyList<TreatmentCourse> courses, DateTimeOffset now, RuleThresholds t)
    {
        var oral = courses.Where(c => c.Drug == CourseDrug.OralBisphosphonate && c.Current).MaxBy(c => c.Start);
        if (oral is not null && oral.Start.AddYears(t.OralBisphosphonateReviewYears) <= now) return oral;
        var zoledronic = courses.Where(c => c.Drug == CourseDrug.ZoledronicAcid).MaxBy(c => c.LastDose);
        if (zoledronic is null || zoledronic.LastDose < now.AddMonths(-t.ZoledronicAcidCurrentMonths)) return null;
        var infusions = courses.Where(c => c.Drug == CourseDrug.ZoledronicAcid).Sum(c => c.Doses);
        return zoledronic.Start.AddYears(t.ZoledronicAcidReviewYears) <= now || infusions >= t.ZoledronicAcidReviewInfusions
            ? zoledronic : null;
    }

    private static TreatmentCourse? AnabolicWithoutFollowOn(IReadOnlyList<TreatmentCourse> courses, DateTimeOffset now, RuleThresholds t)
    {
        var anabolic = courses.Where(c => c.IsAnabolic).MaxBy(c => c.LastRecord);
        if (anabolic is null || anabolic.Current || anabolic.LastRecord < now.AddMonths(-t.AnabolicFollowOnMonths)) return null;
        var followed = courses.Any(c => c.IsAntiresorptive && (c.Current || c.Dates.Any(d => d >= anabolic.LastRecord)));
        return followed ? null : anabolic;
    }

    private static GlucocorticoidFinding? Glucocorticoid(ClinicalInput input, IReadOnlyList<TreatmentCourse> courses, DateTimeOffset now,
        RuleThresholds t)
    {
        var course = courses.Where(c => c.Drug == CourseDrug.Glucocorticoid && c.Current).MaxBy(c => c.Start);
        if (course is null || course.Start > now.AddMonths(-t.GlucocorticoidMinMonths)) return null;
        var doses = input.MedicationsOf(MedicationClass.Glucocorticoid).Select(GlucocorticoidDose.PrednisoneEquivalentPerDay).ToList();
        decimal? perDay = doses.Count > 0 && doses.All(d => d is not null) ? doses.Sum() : null;
        // A dose read and below the threshold: not the long-term use the guideline means. Unreadable: the card states the threshold.
        return perDay < t.GlucocorticoidMinPrednisoneMgPerDay ? null : new GlucocorticoidFinding(course, perDay);
    }

    private static List<string> VeryHighRisk(ClinicalInput input, BoneDensityFinding density, IReadOnlyList<TreatmentCourse> courses,
        RuleThresholds t)
    {
        var now = input.EvaluatedAt;
        var reasons = new List<string>();
        var fractures = input.FragilityFractures;
        foreach (var recent in fractures.Where(f => f.On >= now.AddMonths(-t.RecentFractureMonths)))
            reasons.Add($"a fragility fracture in the last {t.RecentFractureMonths} months: {recent.Name} ({recent.On:yyyy-MM-dd})");
        foreach (var fracture in fractures.Where(f => f.On is not null))
            if (courses.FirstOrDefault(c => c.Drug != CourseDrug.Glucocorticoid && c.Start <= fracture.On && fracture.On <= c.End(now))
                is { } during)
                reasons.Add($"a fracture on anti-osteoporosis therapy: {fracture.Name} ({fracture.On:yyyy-MM-dd}) during {during.Name}");
        // The same fracture coded twice (ICD-10 and SNOMED CT) is one: distinct by date, else by name.
        if (fractures.Select(f => f.On?.UtcDateTime.Date.ToString("O") ?? f.Name).Distinct().Count() >= 2)
            reasons.Add($"{fractures.Count} fragility fractures on record");
        if (density is { Score: DensityScore.TScore, FromForearm: false, DrivingMeasurement: { } driving }
            && driving.IsAtMost(Threshold.Of(t.TScoreVeryHighMax)))
            reasons.Add($"T-score {driving.Canonical} at {driving.SiteText} <= {t.TScoreVeryHighMax}");
        if (input.Get(Analyte.FraxMajorOsteoporotic) is { IsStale: false } major
            && major.IsAbove(Threshold.Of(t.FraxMajorVeryHighAbovePercent)))
            reasons.Add($"FRAX major osteoporotic {major.Canonical} > {t.FraxMajorVeryHighAbovePercent}%");
        if (input.Get(Analyte.FraxHip) is { IsStale: false } hip && hip.IsAbove(Threshold.Of(t.FraxHipVeryHighAbovePercent)))
            reasons.Add($"FRAX hip {hip.Canonical} > {t.FraxHipVeryHighAbovePercent}%");
        return reasons;
    }
}
