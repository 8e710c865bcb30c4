namespace BoneCds.Rules.Courses;

/// <summary>The drug classes whose courses the v4 rules follow; an oral bisphosphonate and zoledronic acid are reviewed apart.</summary>
public enum CourseDrug { Denosumab, OralBisphosphonate, ZoledronicAcid, PthAnalogue, Romosozumab, Glucocorticoid }

/// <summary>
/// One course of one drug class (v4): consecutive records with no gap over 12 months. Its start is the earliest record's date; its
/// last dose the latest administration, else the latest order (authoredOn, else the dispense validity end).
/// </summary>
/// <param name="Dates">Every record's date in the course, oldest first (an administration, an order, a statement).</param>
/// <param name="LastRecord">The course's last date: its last dose, or a record's end (a dispense validity, a statement's end).</param>
/// <param name="Doses">Distinct days with an administration, else distinct days with an order.</param>
/// <param name="Current">An active or on-hold order, or an active statement, is part of it.</param>
public sealed record TreatmentCourse(CourseDrug Drug, string Name, DateTimeOffset Start, DateTimeOffset LastDose,
    DateTimeOffset LastRecord, int Doses, bool Current, bool FromAdministrations, IReadOnlyList<DateTimeOffset> Dates,
    IReadOnlyList<string> Sources)
{
    public bool IsAntiresorptive => Drug is CourseDrug.Denosumab or CourseDrug.OralBisphosphonate or CourseDrug.ZoledronicAcid;
    public bool IsBisphosphonate => Drug is CourseDrug.OralBisphosphonate or CourseDrug.ZoledronicAcid;
    public bool IsAnabolic => Drug is CourseDrug.PthAnalogue or CourseDrug.Romosozumab;
    /// <summary>Given as injections or infusions a clinic records as administrations (the v4 prefetch key).</summary>
    public bool IsInjected => Drug is CourseDrug.Denosumab or CourseDrug.ZoledronicAcid or CourseDrug.Romosozumab;

    /// <summary>Where the course ends: today while it is current and taken daily, else its last record.</summary>
    public DateTimeOffset End(DateTimeOffset now) => Current && CourseReader.IsContinuous(Drug) ? now : LastRecord;

    /// <summary>Whole calendar months from its start to its end (AddMonths, so a month-end start is counted as .NET clamps it).</summary>
    public int Months(DateTimeOffset now)
    {
        var end = End(now);
        var months = (end.Year - Start.Year) * 12 + end.Month - Start.Month;
        return Math.Max(Start.AddMonths(months) > end ? months - 1 : months, 0);
    }

    /// <summary>Whole calendar years from its start to its end (a course of 4 years and 364 days is 4).</summary>
    public int Years(DateTimeOffset now) => Months(now) / 12;

    /// <summary>The records it was read from, at most <paramref name="max"/> named ("..., and 4 more").</summary>
    public string SourcesText(int max) =>
        string.Join(", ", Sources.Take(max)) + (Sources.Count > max ? $" and {Sources.Count - max} more" : "");

    /// <summary>"alendronate 70 mg weekly (course from 2019-03-01, last dose 2025-02-03; MedicationRequest/a, ...)".</summary>
    public string Describe(DateTimeOffset now) =>
        $"{Name} (course from {Start:yyyy-MM-dd}, {(FromAdministrations ? "last dose given" : "last ordered")} {LastDose:yyyy-MM-dd}"
        + $"{(Current ? ", current" : "")}; {SourcesText(3)})";
}
