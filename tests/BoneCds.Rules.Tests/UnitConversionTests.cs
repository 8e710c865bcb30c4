
namespace BoneCds.Rules.Tests;

/// <summary>The unit table on its own: factors from clinical-rules.md, accepted units, nothing guessed.</summary>
public class UnitConversionTests
{
    [Theory]
    [InlineData(Analyte.VitaminD25OH, "ng/mL", "20", "20")]
    [InlineData(Analyte.VitaminD25OH, "ug/L", "20", "20")]
    [InlineData(Analyte.VitaminD25OH, "nmol/L", "49.92", "20")]   // nmol/L = ng/mL x 2.496
    [InlineData(Analyte.Pth, "pmol/L", "6.89", "65")]              // pmol/L = pg/mL x 0.106
    [InlineData(Analyte.Pth, "ng/L", "65", "65")]
    [InlineData(Analyte.Calcium, "mmol/L", "2.495", "10")]         // mmol/L = mg/dL x 0.2495
    [InlineData(Analyte.Egfr, "mL/min/{1.73_m2}", "29", "29")]
    [InlineData(Analyte.TScore, "{T-score}", "-2.5", "-2.5")]
    [InlineData(Analyte.FraxHip, "%", "3", "3")]
    public void Converts_to_the_canonical_unit(Analyte analyte, string unit, string reported, string canonical)
    {
        var value = UnitConversion.ToCanonical(analyte, Dec(reported), unit);
        Assert.NotNull(value);
        Assert.Equal(Dec(canonical), decimal.Round(value.Value, 2));
    }

    [Theory]
    [InlineData(Analyte.VitaminD25OH, "mg/L")]
    [InlineData(Analyte.Calcium, "mEq/L")]
    [InlineData(Analyte.Osteocalcin, "nmol/L")]
    [InlineData(Analyte.TScore, "{Z-score}")]
    [InlineData(Analyte.Egfr, "")]
    public void Refuses_a_unit_it_does_not_list(Analyte analyte, string unit) =>
        Assert.Null(UnitConversion.ToCanonical(analyte, 1m, unit));

    [Fact]
    public void Accepted_units_text_names_every_unit_the_conversion_accepts()
    {
        foreach (var analyte in Enum.GetValues<Analyte>())
            foreach (var unit in UnitConversion.AcceptedUnits(analyte).Split(", "))
                Assert.NotNull(UnitConversion.ToCanonical(analyte, 1m, unit));
    }

    private static decimal Dec(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
