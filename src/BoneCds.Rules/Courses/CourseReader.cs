namespace BoneCds.Rules.Courses;

/// <summary>
/// Builds treatment courses (v4) from what the EHR sends: completed administrations, current orders and statements, and the v3
/// medication history. Records of one drug class are sorted by date and cut where more than 12 months pass between the end of
/// one record and the next; the same dose sent twice (an administration and its order, a duplicate) counts once per day.
/// </summary>
public static class CourseReader
{
    /// <summary>Taken every day (or week) while current, so an active order runs its course to today; injections do not.</summary>
    public static bool IsContinuous(CourseDrug drug) => drug is CourseDrug.OralBisphosphonate or CourseDrug.PthAnalogue
        or CourseDrug.Glucocorticoid;

    private sealed record DatedRecord(CourseDrug Drug, MedicationFact Fact, DateTimeOffset On, DateTimeOffset End, bool Current);

    public static IReadOnlyList<TreatmentCourse> Read(ClinicalInput input, int gapMonths = 12)
    {
        var records = input.ActiveMedications.Select(m => Dated(m, current: true))
            .Concat(input.MedicationHistory.Select(m => Dated(m, current: false)))
            .Concat(input.Administrations.Select(m => Dated(m, current: false)))
            .OfType<DatedRecord>();
        var courses = new List<TreatmentCourse>();
        foreach (var drug in records.GroupBy(r => r.Drug))
        {
            var ordered = drug.OrderBy(r => r.On).ToList();
            var run = new List<DatedRecord>();
            var runEnd = DateTimeOffset.MinValue;
            foreach (var record in ordered)
            {
                if (run.Count > 0 && record.On > runEnd.AddMonths(gapMonths))
                {
                    courses.Add(Course(drug.Key, run));
                    run = [];
                    runEnd = DateTimeOffset.MinValue;
                }
                run.Add(record);
                if (record.End > runEnd) runEnd = record.End;
            }
            courses.Add(Course(drug.Key, run));
        }
        return courses.OrderBy(c => c.Drug).ThenBy(c => c.Start).ToList();
    }

    /// <summary>The drug a record is a course of; none for the other medications (and for a record with no date at all).</summary>
    private static DatedRecord? Dated(MedicationFact fact, bool current)
    {
        CourseDrug? drug = fact.Is(MedicationClass.Denosumab) ? CourseDrug.Denosumab
            : fact.Is(MedicationClass.ZoledronicAcid) ? CourseDrug.ZoledronicAcid
            : fact.Is(MedicationClass.Bisphosphonate) ? CourseDrug.OralBisphosphonate
            : fact.Is(MedicationClass.PthAnalogue) ? CourseDrug.PthAnalogue
            : fact.Is(MedicationClass.Romosozumab) ? CourseDrug.Romosozumab
            : fact.Is(MedicationClass.Glucocorticoid) ? CourseDrug.Glucocorticoid
            : null;
        if (drug is null || (fact.Since ?? fact.LastRecordOn) is not { } on) return null;
        var end = fact.LastRecordOn is { } last && last > on ? last : on;
        return new DatedRecord(drug.Value, fact, on, end, current);
    }

    private static TreatmentCourse Course(CourseDrug drug, List<DatedRecord> run)
    {
        var given = run.Where(r => r.Fact.Administered).ToList();
        var doses = (given.Count > 0 ? given : run).Select(r => r.On.UtcDateTime.Date).Distinct().Count();
        var lastDose = (given.Count > 0 ? given : run).Max(r => r.On);
        var latest = run.OrderByDescending(r => r.On).First();
        return new TreatmentCourse(drug, latest.Fact.Name, run.Min(r => r.On), lastDose, run.Max(r => r.End), doses,
            run.Any(r => r.Current), given.Count > 0, run.Select(r => r.On).ToList(),
            run.Select(r => r.Fact.Source).Distinct().ToList());
    }
}
