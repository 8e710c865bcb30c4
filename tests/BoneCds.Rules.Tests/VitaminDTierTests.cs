
namespace BoneCds.Rules.Tests;

/// <summary>Vitamin D tiers at every boundary of clinical-rules.md, in ng/mL and nmol/L.</summary>
public class VitaminDTierTests
{
    [Theory]
    [InlineData("0", VitaminDTier.SevereDeficiency, "VITD-SEVERE")]
    [InlineData("9.99", VitaminDTier.SevereDeficiency, "VITD-SEVERE")]
    [InlineData("10", VitaminDTier.ModerateDeficiency, "VITD-DEFICIENT")]
    [InlineData("19.99", VitaminDTier.ModerateDeficiency, "VITD-DEFICIENT")]
    [InlineData("20", VitaminDTier.Insufficiency, "VITD-INSUFFICIENT")]
    [InlineData("29.99", VitaminDTier.Insufficiency, "VITD-INSUFFICIENT")]
    [InlineData("30", VitaminDTier.Sufficiency, "VITD-SUFFICIENT")]
    [InlineData("100", VitaminDTier.Sufficiency, "VITD-SUFFICIENT")]
    [InlineData("100.01", VitaminDTier.High, "VITD-HIGH")]
    [InlineData("150", VitaminDTier.High, "VITD-HIGH")]
    [InlineData("150.01", VitaminDTier.PotentialToxicity, "VITD-TOXIC")]
    public void Tier_in_ng_per_ml(string value, VitaminDTier expected, string ruleId)
    {
        var (tier, rule) = VitaminDClassifier.Classify(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), new RuleThresholds());
        Assert.Equal(expected, tier);
        Assert.Equal(ruleId, rule);
    }

    // v2: a result in nmol/L is compared with the spec's nmol/L bounds (25 / 50 / 75 / 250 / 375), never converted first.
    [Theory]
    [InlineData("24.99", "nmol/L", VitaminDTier.SevereDeficiency)]
    [InlineData("25", "nmol/L", VitaminDTier.ModerateDeficiency)]
    [InlineData("49.99", "nmol/L", VitaminDTier.ModerateDeficiency)]
    [InlineData("50", "nmol/L", VitaminDTier.Insufficiency)]
    [InlineData("74.99", "nmol/L", VitaminDTier.Insufficiency)]
    [InlineData("75", "nmol/L", VitaminDTier.Sufficiency)]
    [InlineData("250", "nmol/L", VitaminDTier.Sufficiency)]
    [InlineData("250.01", "nmol/L", VitaminDTier.High)]
    [InlineData("375", "nmol/L", VitaminDTier.High)]
    [InlineData("375.01", "nmol/L", VitaminDTier.PotentialToxicity)]
    [InlineData("25", "nmol/l", VitaminDTier.ModerateDeficiency)] // UCUM litre may be l
    [InlineData("20", "ng/ml", VitaminDTier.Insufficiency)]
    [InlineData("20", "ug/L", VitaminDTier.Insufficiency)]
    [InlineData("19.99", "ug/L", VitaminDTier.ModerateDeficiency)]
    public void Tier_after_unit_conversion(string value, string unit, VitaminDTier expected)
    {
        var r = PatientRecord.Woman().Lab("62292-8", decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), unit).Evaluate();
        Assert.Equal(expected, r.Assessment.VitaminD.Tier);
    }

    [Theory]
    [InlineData("62292-8")]
    [InlineData("35365-6")]
    [InlineData("1989-3")]
    [InlineData("14635-7")]
    public void Every_listed_25OHD_code_is_read(string loinc)
    {
        var r = PatientRecord.Woman().Lab(loinc, 15, "ng/mL").Evaluate();
        Assert.Equal(VitaminDTier.ModerateDeficiency, r.Assessment.VitaminD.Tier);
    }

    [Fact]
    public void Site_override_of_thresholds_changes_the_tier_without_code_changes()
    {
        // IOM cut-offs: deficiency < 12 ng/mL, adequacy from 20 ng/mL.
        var iom = new RuleThresholds { VitaminDSevereBelow = 5, VitaminDDeficientBelow = 12, VitaminDInsufficientBelow = 20 };
        var r = PatientRecord.Woman().VitaminD(15).Evaluate(thresholds: iom);
        Assert.Equal(VitaminDTier.Insufficiency, r.Assessment.VitaminD.Tier);
    }
}
