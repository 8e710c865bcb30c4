using BoneCds.Rules.Courses;
using static BoneCds.Rules.Tests.V4.CourseRecords;

namespace BoneCds.Rules.Tests.V4;

/// <summary>
/// v4 "Inputs": a course is consecutive records of one drug class with no gap over 12 months; its start is the earliest record's
/// date; its last dose the latest administration, else the latest order. Records shaped as EHRs write them.
/// </summary>
public class CourseReaderV4Tests
{
    private static IReadOnlyList<TreatmentCourse> Courses(PatientRecord record) => record.Evaluate().Assessment.Courses.Courses;

    [Fact]
    public void Administrations_only_give_the_doses_and_the_last_dose()
    {
        var course = Courses(PatientRecord.Woman(70).Given(Denosumab, 400).Given(Denosumab, 220)).Single();
        Assert.Equal((CourseDrug.Denosumab, 2, true), (course.Drug, course.Doses, course.FromAdministrations));
        Assert.Equal(PatientRecord.Now.AddDays(-400).Date, course.Start.Date);
        Assert.Equal(PatientRecord.Now.AddDays(-220).Date, course.LastDose.Date);
    }

    [Fact]
    public void Requests_only_are_dated_by_authored_on()
    {
        var course = Courses(PatientRecord.Woman(70).Stopped(Denosumab, 390).Ordered(Denosumab, 200)).Single();
        Assert.Equal((2, false, true), (course.Doses, course.FromAdministrations, course.Current));
        Assert.Equal(PatientRecord.Now.AddDays(-200).Date, course.LastDose.Date);
    }

    [Fact]
    public void With_both_the_administration_dates_the_last_dose_and_a_later_order_does_not()
    {
        // The order for the next dose was written, but only the administration says a dose was given.
        var course = Courses(PatientRecord.Woman(70).Stopped(Denosumab, 400).Given(Denosumab, 400).Ordered(Denosumab, 200)).Single();
        Assert.Equal(PatientRecord.Now.AddDays(-400).Date, course.LastDose.Date);
        Assert.Equal(1, course.Doses);
        Assert.True(course.FromAdministrations);
    }

    [Fact]
    public void The_same_dose_sent_twice_counts_once()
    {
        var course = Courses(PatientRecord.Woman(70).Given(Denosumab, 300).Given(Denosumab, 300).Given(Denosumab, 120)).Single();
        Assert.Equal(2, course.Doses);
    }

    [Theory]
    [InlineData(395, 2)] // 13 months between the doses: two courses
    [InlineData(365, 1)] // 12 months (365 days in this stretch): one course
    public void A_gap_over_12_months_starts_a_new_course(int secondDoseAfterDays, int expectedCourses)
    {
        var first = 900;
        var courses = Courses(PatientRecord.Woman(70).Given(Zoledronic, first).Given(Zoledronic, first - secondDoseAfterDays));
        Assert.Equal(expectedCourses, courses.Count);
        Assert.All(courses, c => Assert.Equal(CourseDrug.ZoledronicAcid, c.Drug));
    }

    [Fact]
    public void A_dispense_validity_end_extends_the_course_it_belongs_to()
    {
        // Alendronate ordered 3 years ago for 12 months' supply, renewed 18 months later: no gap over 12 months from its end.
        var courses = Courses(PatientRecord.Woman(70).Stopped(Alendronate, 3 * 365, validUntilDaysAgo: 2 * 365).Ordered(Alendronate, 548));
        var course = Assert.Single(courses);
        Assert.Equal(CourseDrug.OralBisphosphonate, course.Drug);
        Assert.Equal(PatientRecord.Now.AddDays(-3 * 365).Date, course.Start.Date);
    }

    [Fact]
    public void Drug_classes_are_kept_apart_and_other_medications_make_no_course()
    {
        var courses = Courses(PatientRecord.Woman(70).Given(Denosumab, 100).Ordered(Alendronate, 50).Ordered("cholecalciferol 1000 UNT", 50)
            .Given(Zoledronic, 500));
        Assert.Equal([CourseDrug.Denosumab, CourseDrug.OralBisphosphonate, CourseDrug.ZoledronicAcid], courses.Select(c => c.Drug));
    }

    [Fact]
    public void An_administration_not_completed_is_not_a_dose_and_one_without_a_date_is_reported()
    {
        var record = PatientRecord.Woman(70).Given(Denosumab, 100,
            Hl7.Fhir.Model.MedicationAdministration.MedicationAdministrationStatusCodes.NotDone);
        Assert.Empty(Courses(record));
        var undated = PatientRecord.Woman(70).With(new Hl7.Fhir.Model.MedicationAdministration
        {
            Id = "undated", Status = Hl7.Fhir.Model.MedicationAdministration.MedicationAdministrationStatusCodes.Completed,
            Medication = new Hl7.Fhir.Model.CodeableConcept { Text = Denosumab },
            Subject = new Hl7.Fhir.Model.ResourceReference($"Patient/{PatientRecord.PatientId}"),
        }).Evaluate();
        Assert.Contains(undated.Assessment.Input.Rejected, r => r.Source == "MedicationAdministration/undated" && r.Kind == RejectionKind.Date);
    }

    [Fact]
    public void Another_patients_administration_is_not_read()
    {
        var r = PatientRecord.Woman(70).With(new Hl7.Fhir.Model.MedicationAdministration
        {
            Id = "other", Status = Hl7.Fhir.Model.MedicationAdministration.MedicationAdministrationStatusCodes.Completed,
            Medication = new Hl7.Fhir.Model.CodeableConcept { Text = Denosumab },
            Subject = new Hl7.Fhir.Model.ResourceReference("Patient/someone-else"), Effective = new Hl7.Fhir.Model.FhirDateTime("2026-01-01"),
        }).Evaluate();
        Assert.Empty(r.Assessment.Courses.Courses);
        Assert.False(r.Has(RuleIds.DmabOverdue));
    }
}
