
namespace BoneCds.Rules.Tests;

/// <summary>WHO/ISCD categories at their boundaries, lowest-site selection, and the Z-score path.</summary>
public class BoneDensityTests
{
    [Theory]
    [InlineData("0.5", BoneDensityCategory.Normal)]
    [InlineData("-1.0", BoneDensityCategory.Normal)]
    [InlineData("-1.01", BoneDensityCategory.LowBoneMass)]
    [InlineData("-2.49", BoneDensityCategory.LowBoneMass)]
    [InlineData("-2.5", BoneDensityCategory.Osteoporosis)]
    [InlineData("-3.4", BoneDensityCategory.Osteoporosis)]
    public void Category_from_t_score(string t, BoneDensityCategory expected)
    {
        var r = PatientRecord.Woman().SpineT(decimal.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).Evaluate();
        Assert.Equal(expected, r.Assessment.BoneDensity.Category);
    }

    [Fact]
    public void Fragility_fracture_with_osteoporotic_t_score_is_severe_osteoporosis_and_high_risk()
    {
        var r = PatientRecord.Woman().HipT(-2.5m).Fracture("S72.001A", "Fracture of neck of right femur").Evaluate();
        Assert.Equal(BoneDensityCategory.SevereOsteoporosis, r.Assessment.BoneDensity.Category);
        Assert.Equal(RiskLevel.High, r.Assessment.Risk.Level);
    }

    [Fact]
    public void Lowest_site_drives_the_category_and_is_reported()
    {
        var r = PatientRecord.Woman().SpineT(-1.2m).FemoralNeckT(-2.7m).HipT(-2.0m).Evaluate();
        Assert.Equal(BoneDensityCategory.Osteoporosis, r.Assessment.BoneDensity.Category);
        Assert.Equal(SkeletalSite.FemoralNeck, r.Assessment.BoneDensity.DrivingMeasurement!.Site);
        Assert.Equal(-2.7m, r.Assessment.BoneDensity.DrivingMeasurement.Value);
    }

    [Fact]
    public void Most_recent_dxa_per_site_is_used()
    {
        var r = PatientRecord.Woman().SpineT(-2.8m, daysAgo: 600).SpineT(-1.5m, daysAgo: 20).Evaluate();
        Assert.Equal(BoneDensityCategory.LowBoneMass, r.Assessment.BoneDensity.Category);
    }

    [Theory]
    [InlineData("-2.0", BoneDensityCategory.BelowExpectedRangeForAge)]
    [InlineData("-1.9", BoneDensityCategory.WithinExpectedRangeForAge)]
    public void Premenopausal_woman_uses_z_score_not_t_categories(string z, BoneDensityCategory expected)
    {
        var r = PatientRecord.Woman(age: 42).SpineT(-2.8m).SpineZ(decimal.Parse(z, System.Globalization.CultureInfo.InvariantCulture)).Evaluate();
        Assert.Equal(expected, r.Assessment.BoneDensity.Category);
        Assert.Equal(DensityScore.ZScore, r.Assessment.BoneDensity.Score);
        Assert.DoesNotContain(r.Cards, c => c.RuleIds.Contains(RuleIds.BmdOsteoporosis));
    }

    [Fact]
    public void Man_of_50_uses_t_score()
    {
        var r = PatientRecord.Man(age: 50).SpineT(-2.5m).Evaluate();
        Assert.Equal(BoneDensityCategory.Osteoporosis, r.Assessment.BoneDensity.Category);
    }

    [Theory]
    [InlineData("90266-8", "3", true)]     // FRAX hip >= 3%
    [InlineData("90266-8", "2.9", false)]
    [InlineData("90265-0", "20", true)]    // FRAX major osteoporotic >= 20%
    [InlineData("90265-0", "19.9", false)]
    public void Osteopenia_with_frax_at_threshold_is_high_risk(string loinc, string percent, bool high)
    {
        var r = PatientRecord.Woman().SpineT(-1.8m).Lab(loinc, decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture), "%").Evaluate();
        Assert.Equal(high ? RiskLevel.High : RiskLevel.NotHigh, r.Assessment.Risk.Level);
    }

    [Fact]
    public void Stale_dxa_is_reported_and_does_not_drive_supplement_suggestions()
    {
        var r = PatientRecord.Woman().SpineT(-1.8m, daysAgo: 800).VitaminD(35).Evaluate();
        Assert.True(r.Assessment.BoneDensity.DrivingMeasurement!.IsStale);
        Assert.NotNull(r.FindCard(RuleIds.BmdStale));
        Assert.Null(r.FindCard(RuleIds.SuppCalcium));
        Assert.Null(r.FindCard(RuleIds.SuppK2));
    }
}

public class UnlistedDxaCodeTests
{
    [Fact]
    public void Unlisted_code_named_as_femoral_neck_t_score_is_read_with_its_site()
    {
        var obs = new Hl7.Fhir.Model.Observation
        {
            Status = Hl7.Fhir.Model.ObservationStatus.Final,
            Code = new Hl7.Fhir.Model.CodeableConcept { Coding = [new("http://loinc.org", "99999-9", "DXA Femoral neck [T-score] Bone density")] },
            Effective = new Hl7.Fhir.Model.FhirDateTime(PatientRecord.Now.AddDays(-10)),
            Value = new Hl7.Fhir.Model.Quantity { Value = -2.7m },
        };
        var input = new BoneCds.Rules.Fhir.ClinicalInputReader(new StalenessWindows()).Read([obs], null, PatientRecord.Now);
        var t = Assert.Single(input.LatestTScores);
        Assert.Equal(SkeletalSite.FemoralNeck, t.Site);
        Assert.Equal(-2.7m, t.Value);
    }
}
