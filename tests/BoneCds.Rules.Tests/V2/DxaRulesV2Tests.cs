using System.Globalization;
using Hl7.Fhir.Model;

namespace BoneCds.Rules.Tests.V2;

/// <summary>clinical-rules.md v2 "DXA scores" and the age/sex rules: every catalogue code by site and side.</summary>
public class DxaRulesV2Tests
{
    public static TheoryData<string, SkeletalSite, BodySide> DiagnosticTScoreCodes()
    {
        var data = new TheoryData<string, SkeletalSite, BodySide>();
        foreach (var e in LoincCatalog.All.Where(e => e.Analyte == Analyte.TScore && e.Site!.Value.IsDiagnostic()))
            data.Add(e.Code, e.Site!.Value, e.Side);
        return data;
    }

    [Theory]
    [MemberData(nameof(DiagnosticTScoreCodes))]
    public void Every_diagnostic_t_score_code_is_read_with_its_site_and_side(string loinc, SkeletalSite site, BodySide side)
    {
        var r = PatientRecord.Woman(70).Lab(loinc, -2.6m, "{T-score}").Evaluate();
        var driving = r.Assessment.BoneDensity.DrivingMeasurement;
        Assert.NotNull(driving);
        Assert.Equal(site, driving.Site);
        Assert.Equal(side, driving.Side);
        Assert.Equal(BoneDensityCategory.Osteoporosis, r.Assessment.BoneDensity.Category);
    }

    [Theory]
    [InlineData("85394-5", SkeletalSite.LumbarSpine)]
    [InlineData("80940-0", SkeletalSite.FemurUnspecified)]
    [InlineData("80938-4", SkeletalSite.TotalHip)]
    [InlineData("80933-5", SkeletalSite.TotalHip)]
    [InlineData("80936-8", SkeletalSite.Forearm)]
    public void Z_score_codes_are_read_for_patients_under_50(string loinc, SkeletalSite site)
    {
        var r = PatientRecord.Woman(40).Lab(loinc, -2.3m, "{Z-score}").Evaluate();
        Assert.Equal(BoneDensityCategory.BelowExpectedRangeForAge, r.Assessment.BoneDensity.Category);
        Assert.Equal(site, r.Assessment.BoneDensity.DrivingMeasurement!.Site);
    }

    [Fact]
    public void Of_two_sides_of_one_site_the_lower_score_counts()
    {
        var r = PatientRecord.Woman(70).Lab("80946-7", -1.4m, "{T-Score}").Lab("80945-9", -2.6m, "{T-Score}").Evaluate();
        var driving = r.Assessment.BoneDensity.DrivingMeasurement!;
        Assert.Equal((SkeletalSite.TotalHip, BodySide.Right), (driving.Site!.Value, driving.Side));
        Assert.Single(r.Assessment.Input.LatestTScores);
        Assert.Contains("right total hip", r.CardWith(RuleIds.RiskHigh).Summary);
    }

    [Fact]
    public void The_forearm_is_not_used_when_a_central_site_is_on_record()
    {
        var r = PatientRecord.Woman(70).Lab("38265-5", -2.9m, "{T-score}").HipT(-1.3m).Evaluate();
        Assert.Equal(BoneDensityCategory.LowBoneMass, r.Assessment.BoneDensity.Category);
        Assert.Equal(SkeletalSite.TotalHip, r.Assessment.BoneDensity.DrivingMeasurement!.Site);
    }

    [Fact]
    public void A_forearm_only_score_is_used_named_and_does_not_meet_the_bhof_t_score_criterion()
    {
        var r = PatientRecord.Woman(70).Lab("38265-5", -2.9m, "{T-score}").Evaluate();
        Assert.Equal(BoneDensityCategory.Osteoporosis, r.Assessment.BoneDensity.Category);
        Assert.True(r.Assessment.BoneDensity.FromForearm);
        Assert.NotEqual(RiskLevel.High, r.Assessment.Risk.Level);
        var card = r.CardWith(RuleIds.BmdForearm);
        Assert.Contains("forearm", card.Summary);
        Assert.Contains("33% radius", card.Detail);
        Assert.NotNull(r.FindCard(RuleIds.SuppCalcium));
    }

    [Theory]
    [InlineData(true, SkeletalSite.FemoralNeck)]
    [InlineData(false, SkeletalSite.FemurUnspecified)]
    public void A_femur_score_is_the_femoral_neck_only_when_bodysite_or_text_says_neck(bool neck, SkeletalSite expected)
    {
        var bodySite = neck ? new CodeableConcept("http://snomed.info/sct", "29627003", "Structure of neck of femur") : null;
        var r = PatientRecord.Woman(70).Lab("80948-3", -2.0m, "{T-Score}", bodySite: bodySite).Evaluate();
        Assert.Equal(expected, r.Assessment.BoneDensity.DrivingMeasurement!.Site);
    }

    [Fact]
    public void Bmd_in_g_per_cm2_is_shown_but_never_categorised()
    {
        var r = PatientRecord.Woman(70).Lab("46278-8", 0.712m, "g/cm2").Evaluate();
        Assert.Equal(BoneDensityCategory.NotAssessed, r.Assessment.BoneDensity.Category);
        Assert.Equal(0.712m, Assert.Single(r.Assessment.Input.BoneMineralDensities).Value);
        var shown = PatientRecord.Woman(70).Lab("46278-8", 0.712m, "g/cm2").HipT(-2.7m).Evaluate();
        Assert.Contains("BMD (LOINC 46278-8): 0.71 g/cm2", shown.CardWith(RuleIds.RiskHigh).Detail);
        Assert.Equal(BoneDensityCategory.Osteoporosis, shown.Assessment.BoneDensity.Category);
    }

    [Theory]
    [InlineData(AdministrativeGender.Other, 34)]
    [InlineData(AdministrativeGender.Unknown, 34)]
    [InlineData(AdministrativeGender.Female, 34)]
    [InlineData(AdministrativeGender.Male, 49)]
    public void Under_50_the_z_score_is_used_whatever_the_recorded_sex(AdministrativeGender gender, int age)
    {
        var r = PatientRecord.Person(gender, age).SpineT(-2.8m).SpineZ(-1.0m).Evaluate();
        Assert.Equal(DensityScore.ZScore, r.Assessment.BoneDensity.Score);
        Assert.Equal(BoneDensityCategory.WithinExpectedRangeForAge, r.Assessment.BoneDensity.Category);
        Assert.DoesNotContain(r.Cards, c => c.RuleIds.Contains(RuleIds.BmdOsteoporosis));
    }

    [Theory]
    [InlineData(AdministrativeGender.Other, 50)]
    [InlineData(AdministrativeGender.Unknown, 62)]
    [InlineData(AdministrativeGender.Male, 50)]
    public void From_50_t_score_categories_apply_whatever_the_recorded_sex(AdministrativeGender gender, int age)
    {
        var r = PatientRecord.Person(gender, age).SpineT(-2.5m).Evaluate();
        Assert.Equal(BoneDensityCategory.Osteoporosis, r.Assessment.BoneDensity.Category);
    }

    [Fact]
    public void With_age_unknown_t_score_categories_are_used_and_the_card_says_so()
    {
        var r = PatientRecord.Person(AdministrativeGender.Female, null).SpineT(-2.7m).Evaluate();
        Assert.Equal(DensityScore.TScore, r.Assessment.BoneDensity.Score);
        Assert.Contains("age is unknown", r.CardWith(RuleIds.RiskHigh).Detail);
    }

    [Fact]
    public void The_bhof_high_risk_criteria_apply_only_from_50()
    {
        var young = PatientRecord.Woman(45).Fracture("S72.001A", "Fracture of unspecified part of neck of right femur").Evaluate();
        Assert.NotEqual(RiskLevel.High, young.Assessment.Risk.Level);
        Assert.Null(young.FindCard(RuleIds.RiskHigh));
        var older = PatientRecord.Woman(55).Fracture("S72.001A", "Fracture of unspecified part of neck of right femur").Evaluate();
        Assert.Equal(RiskLevel.High, older.Assessment.Risk.Level);
    }

    [Theory]
    [InlineData("-1.0", BoneDensityCategory.Normal)]
    [InlineData("-1.01", BoneDensityCategory.LowBoneMass)]
    [InlineData("-2.49", BoneDensityCategory.LowBoneMass)]
    [InlineData("-2.5", BoneDensityCategory.Osteoporosis)]
    public void Who_categories_at_the_boundaries_with_us_core_units(string t, BoneDensityCategory expected)
    {
        var r = PatientRecord.Woman(70).Lab("80946-7", decimal.Parse(t, CultureInfo.InvariantCulture), "{T-Score}").Evaluate();
        Assert.Equal(expected, r.Assessment.BoneDensity.Category);
    }
}
