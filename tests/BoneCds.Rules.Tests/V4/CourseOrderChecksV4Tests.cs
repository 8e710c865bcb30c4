using static BoneCds.Rules.Tests.V4.CourseRecords;

namespace BoneCds.Rules.Tests.V4;

/// <summary>clinical-rules.md "Order checks (v4)": one row per check and per boundary.</summary>
public class CourseOrderChecksV4Tests
{
    private static EvaluationResult Order(PatientRecord record, string draft) =>
        record.Evaluate(RequestKind.OrderSign, [PatientRecord.Draft(draft)]);

    [Theory]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "I21.4", 180, Indicators.Critical)]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "I22.0", 300, Indicators.Critical)]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "I63.9", 180, Indicators.Critical)]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "I61.9", 360, Indicators.Critical)]
    [InlineData("http://snomed.info/sct", "22298006", 180, Indicators.Critical)]
    [InlineData("http://snomed.info/sct", "230690007", 180, Indicators.Critical)]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "I63.9", 370, null)]     // over 12 months ago
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "I69.30", 180, null)]    // sequelae of a stroke: not a stroke now
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "G45.9", 180, null)]     // a TIA
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "I21.4", null, Indicators.Warning)] // no date: confirm
    public void Romosozumab_within_12_months_of_a_heart_attack_or_stroke_is_critical(string system, string code, int? daysAgo,
        string? indicator)
    {
        var r = Order(PatientRecord.Woman(70).SpineT(-3.2m).Diagnosed(system, code, "event", daysAgo), Romosozumab);
        var card = r.FindCard(RuleIds.OrderRomosozumabCardiovascular);
        Assert.Equal(indicator, card?.Indicator);
        if (card is null) return;
        Assert.Equal(Sources.RomosozumabLabel.Label, card.Source.Label);
        Assert.Contains(card.Suggestions!, s => s.Actions.Any(a => a.Type == ActionTypes.Delete));
    }

    [Theory]
    [InlineData(11, false)]
    [InlineData(12, true)]
    public void Romosozumab_after_12_monthly_doses_warns_that_the_course_is_12(int doses, bool expected)
    {
        var record = PatientRecord.Woman(70);
        for (var i = 0; i < doses; i++) record.Given(Romosozumab, 30 + 30 * i);
        Assert.Equal(expected, Order(record, Romosozumab).Has(RuleIds.OrderRomosozumabDoses));
    }

    [Theory]
    [InlineData("M88.9", "Osteitis deformans")]
    [InlineData("M88.0", "Osteitis deformans of skull")]
    [InlineData("C79.51", "Secondary malignant neoplasm of bone")]
    public void A_pth_analogue_with_pagets_disease_or_bone_metastases_warns(string icd10, string display)
    {
        var card = Order(PatientRecord.Woman(70).Icd10(icd10, display, 2000), Teriparatide).CardWith(RuleIds.OrderPthAnalogueContraindication);
        Assert.Equal(Indicators.Warning, card.Indicator);
        Assert.Equal(Sources.PthAnalogueLabels.Label, card.Source.Label);
    }

    [Theory]
    [InlineData(130, null, false)]   // at the default upper limit
    [InlineData(131, null, true)]
    [InlineData(150, 200.0, false)]  // the result's own range says normal
    [InlineData(150, 140.0, true)]
    public void A_pth_analogue_with_alkaline_phosphatase_above_range_warns(double alp, double? high, bool expected)
    {
        var record = PatientRecord.Woman(70).Alp((decimal)alp, high: (decimal?)high, low: high is null ? null : 30m);
        Assert.Equal(expected, Order(record, "abaloparatide 2000 MCG/ML Pen Injector").Has(RuleIds.OrderPthAnalogueContraindication));
    }

    [Theory]
    [InlineData(0, true)]   // exactly 2 calendar years of use
    [InlineData(1, false)]  // a day less
    public void A_pth_analogue_beyond_2_years_cumulative_is_an_info_line(int daysShort, bool expected)
    {
        var started = (PatientRecord.Now - PatientRecord.Now.AddYears(-2)).Days - daysShort;
        var r = Order(PatientRecord.Woman(70).Ordered(Teriparatide, started), Teriparatide);
        Assert.Equal(expected, r.Has(RuleIds.OrderPthAnalogueDuration));
        if (expected) Assert.Equal(Indicators.Info, r.CardWith(RuleIds.OrderPthAnalogueDuration).Indicator);
    }

    [Fact]
    public void Pth_analogue_use_is_summed_over_courses()
    {
        // 13 months, a 14-month pause, 11 months more: 24 months of use in two courses.
        var record = PatientRecord.Woman(70).Stopped(Teriparatide, 1160, validUntilDaysAgo: 765).Ordered(Teriparatide, 335);
        Assert.Equal(2, record.Evaluate().Assessment.Courses.Of(Rules.Courses.CourseDrug.PthAnalogue).Count());
        Assert.True(Order(record, Teriparatide).Has(RuleIds.OrderPthAnalogueDuration));
    }

    [Theory]
    [InlineData(30, 35, null, true)]     // both below the default 40 U/L
    [InlineData(30, 45, null, false)]    // only the latest low: not persistent
    [InlineData(30, 35, 25.0, false)]    // below 40 but within the results' own range
    [InlineData(40, 35, null, false)]    // the latest at the lower limit
    public void An_antiresorptive_with_persistently_low_alkaline_phosphatase_warns(double latest, double before, double? low,
        bool expected)
    {
        var record = PatientRecord.Woman(70).Alp((decimal)before, daysAgo: 200, low: (decimal?)low, high: low is null ? null : 120m)
            .Alp((decimal)latest, daysAgo: 20, low: (decimal?)low, high: low is null ? null : 120m);
        foreach (var drug in new[] { Alendronate, Denosumab, Zoledronic })
            Assert.Equal(expected, Order(record, drug).Has(RuleIds.OrderAntiresorptiveLowAlp));
        Assert.False(Order(record, Teriparatide).Has(RuleIds.OrderAntiresorptiveLowAlp));
    }

    [Fact]
    public void Alkaline_phosphatase_in_another_unit_is_refused_with_a_reason()
    {
        var r = PatientRecord.Woman(70).Lab("6768-6", 1.2m, "ukat/L").Evaluate();
        Assert.Contains(r.Assessment.Input.Rejected, x => x.Kind == RejectionKind.Unit && x.Reason.Contains("U/L"));
    }
}

/// <summary>v4 codes checked against the published value-set expansions committed beside the catalogue.</summary>
public class V4CodesAgainstValueSetsTests
{
    [Theory]
    [InlineData("I21", "MyocardialInfarction")]
    [InlineData("I22", "MyocardialInfarction")]
    [InlineData("I61", "Stroke")]
    [InlineData("I63", "Stroke")]
    public void Each_romosozumab_icd10_prefix_is_in_its_published_value_set(string prefix, string valueSet)
    {
        var set = valueSet == "Stroke" ? ValueSets.Stroke : ValueSets.MyocardialInfarction;
        Assert.Contains(set.Codes, c => c.Code.Replace(".", "", StringComparison.Ordinal).StartsWith(prefix, StringComparison.Ordinal));
        Assert.Contains(ConditionCatalog.Icd10, r => r.Prefix == prefix && r.Meaning.OrderCheck == OrderCheckCondition.MyocardialInfarctionOrStroke);
    }

    [Fact]
    public void Every_code_of_the_stroke_and_mi_value_sets_the_check_reads_is_one_of_its_prefixes()
    {
        // Every MI code (SNOMED CT descendants included) is read; of the stroke value set, the stroke itself: its I60, I62, I69 and
        // G45-G46 codes are deliberately not read.
        foreach (var (system, code) in ValueSets.MyocardialInfarction.Codes.Concat(ValueSets.Stroke.Codes))
        {
            var meaning = ConditionCatalog.Meaning([(system, code)], "");
            var expected = ValueSets.MyocardialInfarction.Contains(system, code) || code.StartsWith("I61", StringComparison.Ordinal)
                || code.StartsWith("I63", StringComparison.Ordinal);
            Assert.True(expected == (meaning?.OrderCheck == OrderCheckCondition.MyocardialInfarctionOrStroke), $"{system} {code}");
        }
    }

    [Theory]
    [InlineData("http://www.nlm.nih.gov/research/umls/rxnorm", "312617", true)]  // predniSONE 5 MG Oral Tablet (value set member)
    [InlineData("http://www.whocc.no/atc", "H02AB06", true)]                     // prednisolone, ATC
    [InlineData("http://www.whocc.no/atc", "D07AA02", false)]                    // hydrocortisone for the skin
    public void Glucocorticoids_are_read_by_the_value_set_and_atc_h02ab(string system, string code, bool expected)
    {
        Assert.Equal(expected, MedicationCatalog.Classify([(system, code, null)], null).HasFlag(MedicationClass.Glucocorticoid));
    }
}
