using BoneCds.Rules.Suppression;
using static BoneCds.Rules.Tests.V4.CourseRecords;

namespace BoneCds.Rules.Tests.V4;

/// <summary>clinical-rules.md v4 "Treatment course and continuity": one row per rule and per boundary, each card naming its source.</summary>
public class CourseRulesV4Tests
{
    [Theory]
    [InlineData(182, null)]
    [InlineData(183, RuleIds.DmabDue)]       // 6 months
    [InlineData(212, RuleIds.DmabDue)]
    [InlineData(213, RuleIds.DmabDue)]       // 7 months: "over 213 days" is overdue, 213 itself is not
    [InlineData(214, RuleIds.DmabOverdue)]
    [InlineData(240, RuleIds.DmabOverdue)]
    [InlineData(3 * 365 + 10, null)]         // beyond the 3 years the administrations cover: no longer followed
    public void Denosumab_due_and_overdue_by_days_since_the_last_dose(int daysAgo, string? expected)
    {
        var r = PatientRecord.Woman(70).Given(Denosumab, daysAgo + 183).Given(Denosumab, daysAgo).Evaluate();
        Assert.Equal(expected is RuleIds.DmabDue, r.Has(RuleIds.DmabDue));
        Assert.Equal(expected is RuleIds.DmabOverdue, r.Has(RuleIds.DmabOverdue));
        if (expected is null) return;
        var card = r.CardWith(expected);
        Assert.Contains(PatientRecord.Now.AddDays(-daysAgo).ToString("yyyy-MM-dd"), card.Summary); // the last dose date
        Assert.Contains("course from", card.Detail);                                                 // the course and its length
        Assert.Equal(expected == RuleIds.DmabOverdue ? Indicators.Warning : Indicators.Info, card.Indicator);
        Assert.Equal(expected == RuleIds.DmabOverdue ? Sources.EctsDenosumab2021.Label : Sources.DenosumabLabel.Label, card.Source.Label);
    }

    [Fact]
    public void Denosumab_overdue_is_silent_once_a_bisphosphonate_is_started_after_it()
    {
        Assert.True(PatientRecord.Woman(70).Given(Denosumab, 240).Ordered(Alendronate, 300).Evaluate().Has(RuleIds.DmabOverdue));
        Assert.False(PatientRecord.Woman(70).Given(Denosumab, 240).Ordered(Alendronate, 20).Evaluate().Has(RuleIds.DmabOverdue));
        Assert.False(PatientRecord.Woman(70).Given(Denosumab, 240).Given(Zoledronic, 20).Evaluate().Has(RuleIds.DmabOverdue));
    }

    [Fact]
    public void Denosumab_overdue_is_shown_at_order_time_for_any_order_and_is_never_suppressed()
    {
        var r = PatientRecord.Woman(70).Given(Denosumab, 240).Evaluate(RequestKind.OrderSelect,
            [PatientRecord.Draft("atorvastatin 20 MG Oral Tablet")]);
        var card = r.CardWith(RuleIds.DmabOverdue);
        Assert.False(SuppressionPolicy.For(card, r.Assessment).Allowed);
        Assert.Contains(card.OverrideReasons!, c => c.Code == "patient-refuses"); // may be recorded; the card stays
    }

    [Theory]
    [InlineData(-1, true)]  // 5 calendar years and a day
    [InlineData(0, true)]   // exactly 5 calendar years
    [InlineData(1, false)]  // 4 years and 364 days
    public void An_oral_bisphosphonate_for_5_years_or_more_still_current_is_reviewed(int daysShortOfFiveYears, bool expected)
    {
        var start = (PatientRecord.Now - PatientRecord.Now.AddYears(-5)).Days - daysShortOfFiveYears;
        // Renewed every 300 days, so the course has no gap; the last renewal is the current order.
        var record = PatientRecord.Woman(70).Stopped(Alendronate, start);
        for (var d = start - 300; d > 200; d -= 300) record.Stopped(Alendronate, d);
        var r = record.Ordered(Alendronate, 100).Evaluate();
        Assert.Equal(expected, r.Has(RuleIds.BpDuration));
        if (!expected) return;
        var card = r.CardWith(RuleIds.BpDuration);
        Assert.StartsWith("Bisphosphonate for 5 years: reassess", card.Summary);
        Assert.Contains($"course from {PatientRecord.Now.AddDays(-start):yyyy-MM-dd}", card.Detail);
        Assert.Equal(Sources.Asbmr2016.Label, card.Source.Label);
    }

    [Fact]
    public void A_past_oral_course_is_not_reviewed_for_duration()
    {
        var record = PatientRecord.Woman(70);
        for (var d = 7 * 365; d > 400; d -= 300) record.Stopped(Alendronate, d);
        Assert.False(record.Evaluate().Has(RuleIds.BpDuration));
    }

    [Theory]
    [InlineData(new[] { 1000, 640, 280 }, true)]   // 3 annual infusions, the last 9 months ago
    [InlineData(new[] { 1130, 800, 450 }, true)]   // one course begun over 3 years ago, the last infusion 15 months ago
    [InlineData(new[] { 700, 340 }, false)]        // 2 infusions, began under 3 years ago
    [InlineData(new[] { 1300, 940, 560 }, false)]  // 3 infusions, the last over 18 months (548 days) ago: not current
    [InlineData(new[] { 1300, 940, 540 }, true)]   // the last within 18 months
    public void Zoledronic_acid_for_3_years_or_3_infusions_with_the_last_within_18_months_is_reviewed(int[] daysAgo, bool expected)
    {
        var record = PatientRecord.Woman(70);
        foreach (var d in daysAgo) record.Given(Zoledronic, d);
        Assert.Equal(expected, record.Evaluate().Has(RuleIds.BpDuration));
    }

    [Theory]
    [InlineData(90, true)]
    [InlineData(364, true)]
    [InlineData(370, false)]  // ended over 12 months ago
    public void An_anabolic_course_ended_within_12_months_with_nothing_since_asks_for_follow_on(int endedDaysAgo, bool expected)
    {
        var r = PatientRecord.Woman(70).Stopped(Teriparatide, endedDaysAgo + 600, validUntilDaysAgo: endedDaysAgo).Evaluate();
        Assert.Equal(expected, r.Has(RuleIds.AnabolicFollowOn));
        if (!expected) return;
        var card = r.CardWith(RuleIds.AnabolicFollowOn);
        Assert.Equal(Indicators.Warning, card.Indicator);
        Assert.Contains("or the gain is lost", card.Summary);
        Assert.False(SuppressionPolicy.For(card, r.Assessment).Allowed);
    }

    [Fact]
    public void Anabolic_follow_on_is_silent_with_an_antiresorptive_since_or_while_the_course_runs()
    {
        Assert.False(PatientRecord.Woman(70).Given(Romosozumab, 120).Given(Denosumab, 60).Evaluate().Has(RuleIds.AnabolicFollowOn));
        Assert.True(PatientRecord.Woman(70).Given(Romosozumab, 120).Evaluate().Has(RuleIds.AnabolicFollowOn));
        Assert.False(PatientRecord.Woman(70).Ordered(Teriparatide, 120).Evaluate().Has(RuleIds.AnabolicFollowOn));
        // At order time a drafted antiresorptive is the follow-on being ordered.
        Assert.False(PatientRecord.Woman(70).Given(Romosozumab, 120)
            .Evaluate(RequestKind.OrderSelect, [PatientRecord.Draft("denosumab 60 MG/ML Prefilled Syringe")]).Has(RuleIds.AnabolicFollowOn));
    }

    [Theory]
    [InlineData("predniSONE 5 MG Oral Tablet", 5, 0, true)]
    [InlineData("predniSONE 5 MG Oral Tablet", 5, 1, false)]            // 3 months less a day
    [InlineData("predniSONE 1 MG Oral Tablet", 2.5, 0, true)]           // exactly 2.5 mg/day
    [InlineData("predniSONE 1 MG Oral Tablet", 2.4, 0, false)]
    [InlineData("hydrocortisone 10 MG Oral Tablet", 10, 0, true)]       // 10 mg hydrocortisone = 2.5 mg prednisone
    [InlineData("hydrocortisone 5 MG Oral Tablet", 9.6, 0, false)]      // 2.4 mg prednisone equivalent
    [InlineData("dexamethasone 0.5 MG Oral Tablet", 0.5, 0, true)]      // 3.33 mg prednisone equivalent
    [InlineData("hydrocortisone 1 % Topical Cream", 10, 0, false)]      // not systemic
    public void A_systemic_glucocorticoid_for_3_months_at_2_5_mg_prednisone_equivalent_asks_for_a_fracture_risk_assessment(string name,
        double mgPerDay, int daysShort, bool expected)
    {
        var started = (PatientRecord.Now - PatientRecord.Now.AddMonths(-3)).Days - daysShort;
        var r = PatientRecord.Woman(60).Ordered(name, started, dosage: Daily((decimal)mgPerDay)).Evaluate();
        Assert.Equal(expected, r.Has(RuleIds.GcOsteoporosis));
        if (expected) Assert.Equal(Sources.Acr2022Glucocorticoid.Label, r.CardWith(RuleIds.GcOsteoporosis).Source.Label);
    }

    [Fact]
    public void A_glucocorticoid_dose_that_cannot_be_read_states_the_threshold_and_high_risk_untreated_makes_it_a_warning()
    {
        var unread = PatientRecord.Woman(60).Ordered("prednisolone", 200).Evaluate().CardWith(RuleIds.GcOsteoporosis);
        Assert.Contains("2.5 mg/day prednisone equivalent or more", unread.Detail);
        Assert.Equal(Indicators.Info, unread.Indicator);
        var highRisk = PatientRecord.Woman(60).SpineT(-2.7m).Ordered("prednisolone", 200).Evaluate().CardWith(RuleIds.GcOsteoporosis);
        Assert.Equal(Indicators.Warning, highRisk.Indicator);
    }

    [Theory]
    [InlineData(-3.0, true)]
    [InlineData(-2.9, false)]
    public void A_t_score_at_or_below_minus_3_is_very_high_risk_and_names_an_anabolic_agent_first(double t, bool expected)
    {
        var r = PatientRecord.Woman(70).SpineT((decimal)t).VitaminD(35).Evaluate();
        Assert.Equal(expected, r.Fired(RuleIds.RiskVeryHigh));
        var card = r.CardWith(RuleIds.TreatPharmacological);
        Assert.Equal(expected, card.RuleIds.Contains(RuleIds.RiskVeryHigh));
        Assert.Equal(RuleIds.TreatPharmacological, card.RuleId); // one rule per card: its own rule stays
        Assert.Equal(expected, card.Detail!.Contains("consider an anabolic agent first (teriparatide, abaloparatide, romosozumab), then an "
            + "antiresorptive", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(330, true)]   // a hip fracture 11 months ago
    [InlineData(400, false)]  // 13 months ago: high risk, not very high on this alone
    public void A_fragility_fracture_in_the_last_12_months_is_very_high_risk(int daysAgo, bool expected)
    {
        var r = PatientRecord.Woman(70).Icd10("S72.001A", "Fracture of neck of right femur", daysAgo).Evaluate();
        Assert.Equal(RiskLevel.High, r.Assessment.Risk.Level);
        Assert.Equal(expected, r.Fired(RuleIds.RiskVeryHigh));
    }

    [Fact]
    public void Two_fractures_or_a_fracture_on_therapy_are_very_high_risk_and_one_fracture_coded_twice_is_one()
    {
        var two = PatientRecord.Woman(70).Icd10("S72.001A", "hip", 900).Icd10("S22.000A", "vertebra", 700).Evaluate();
        Assert.Contains(two.Assessment.Courses.VeryHighRiskReasons, r => r.Contains("2 fragility fractures"));
        var twice = PatientRecord.Woman(70).Icd10("S72.001A", "hip", 900).Diagnosed("http://snomed.info/sct", "359817006", "hip", 900)
            .Evaluate();
        Assert.False(twice.Fired(RuleIds.RiskVeryHigh));
        var onTherapy = PatientRecord.Woman(70).Stopped(Alendronate, 1200, validUntilDaysAgo: 500).Icd10("S72.001A", "hip", 800).Evaluate();
        Assert.Contains(onTherapy.Assessment.Courses.VeryHighRiskReasons, r => r.StartsWith("a fracture on anti-osteoporosis therapy"));
    }

    [Theory]
    [InlineData("90265-0", 30, false)]
    [InlineData("90265-0", 30.1, true)]
    [InlineData("90266-8", 4.5, false)]
    [InlineData("90266-8", 4.6, true)]
    public void Frax_above_30_major_or_4_5_hip_is_very_high_risk(string loinc, double percent, bool expected)
    {
        // Osteoporotic by T-score so the patient is at high risk whatever the FRAX.
        var r = PatientRecord.Woman(70).SpineT(-2.6m).Lab(loinc, (decimal)percent, "%").Evaluate();
        Assert.Equal(expected, r.Fired(RuleIds.RiskVeryHigh));
    }

    [Fact]
    public void Very_high_risk_needs_high_risk_first()
    {
        // A FRAX hip of 5% with a normal T-score is not BHOF high risk (FRAX counts with osteopenia), so not very high either.
        var r = PatientRecord.Woman(70).SpineT(-0.5m).Lab("90266-8", 5m, "%").Evaluate();
        Assert.NotEqual(RiskLevel.High, r.Assessment.Risk.Level);
        Assert.False(r.Fired(RuleIds.RiskVeryHigh));
    }

    [Theory]
    [InlineData(200, false)]  // an untreated hip fracture 200 days ago: its bone cards are never suppressed
    [InlineData(500, true)]   // 500 days ago: outside the imminent-risk year
    [InlineData(null, false)] // no date: taken as recent, the safe reading
    public void Bone_cards_of_an_untreated_fracture_stay_unsuppressible_only_in_its_first_year(int? daysAgo, bool allowed)
    {
        var r = PatientRecord.Woman(70).Icd10("S72.001A", "Fracture of neck of right femur", daysAgo).Evaluate();
        var card = r.CardWith(RuleIds.TreatPharmacological);
        Assert.Equal(allowed, SuppressionPolicy.For(card, r.Assessment).Allowed);
    }

    [Fact]
    public void A_course_card_suppressed_by_an_override_re_arms_with_a_new_dose_or_order()
    {
        string Evidence(string rule, PatientRecord record) => SuppressionPolicy.Evidence(rule, record.Evaluate().Assessment);
        var due = PatientRecord.Woman(70).Given(Denosumab, 380).Given(Denosumab, 190);
        var dueAgain = PatientRecord.Woman(70).Given(Denosumab, 380).Given(Denosumab, 190).Given(Denosumab, 5);
        Assert.NotEqual(Evidence(RuleIds.DmabDue, due), Evidence(RuleIds.DmabDue, dueAgain));
        Assert.Equal(Evidence(RuleIds.DmabDue, due), Evidence(RuleIds.DmabDue, PatientRecord.Woman(70).Given(Denosumab, 380).Given(Denosumab, 190)
            .VitaminD(40)));
        var years = (PatientRecord.Now - PatientRecord.Now.AddYears(-6)).Days;
        var bp = PatientRecord.Woman(70).Stopped(Alendronate, years).Stopped(Alendronate, years - 300);
        for (var d = years - 600; d > 200; d -= 300) bp.Stopped(Alendronate, d);
        var renewed = PatientRecord.Woman(70).Stopped(Alendronate, years).Stopped(Alendronate, years - 300);
        for (var d = years - 600; d > 200; d -= 300) renewed.Stopped(Alendronate, d);
        Assert.NotEqual(Evidence(RuleIds.BpDuration, bp.Ordered(Alendronate, 150)), Evidence(RuleIds.BpDuration, renewed.Ordered(Alendronate, 20)));
    }
}
