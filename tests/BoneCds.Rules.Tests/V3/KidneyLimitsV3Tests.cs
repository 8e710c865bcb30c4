namespace BoneCds.Rules.Tests.V3;

/// <summary>
/// clinical-rules.md v3 "Kidney function for drug limits" and the corrected bisphosphonate row: limits by creatinine clearance
/// (Cockcroft-Gault when weight and creatinine are on record), zoledronic acid contraindicated below 35 and in acute kidney
/// injury, dialysis or end-stage kidney disease below every limit. One row per line and boundary.
/// </summary>
public class KidneyLimitsV3Tests
{
    private const string Icd10 = "http://hl7.org/fhir/sid/icd-10-cm";
    private const string Snomed = "http://snomed.info/sct";

    private static CdsCard? KidneyCheck(PatientRecord record, string draft) =>
        record.Evaluate(RequestKind.OrderSign, [PatientRecord.Draft(draft)]).Cards
            .FirstOrDefault(c => c.RuleId == RuleIds.OrderBisphosphonateEgfr);

    [Theory]
    [InlineData("alendronate 70 MG Oral Tablet", 34.9, "warning")]
    [InlineData("alendronate 70 MG Oral Tablet", 35, null)]
    [InlineData("risedronate sodium 35 MG Oral Tablet", 29.9, "warning")]
    [InlineData("risedronate sodium 35 MG Oral Tablet", 30, null)]
    [InlineData("risedronate sodium 35 MG Oral Tablet", 34, null)]          // v2 said 35: corrected to the label's 30
    [InlineData("ibandronate 150 MG Oral Tablet", 29.9, "warning")]
    [InlineData("ibandronate 150 MG Oral Tablet", 30, null)]
    [InlineData("zoledronic acid 5 MG/100ML Injection", 34.9, "critical")]  // contraindicated, not a warning
    [InlineData("zoledronic acid 5 MG/100ML Injection", 35, null)]
    public void Each_bisphosphonate_has_its_label_limit(string draft, double egfr, string? indicator)
    {
        var card = KidneyCheck(PatientRecord.Woman(70).VitaminD(35).Egfr((decimal)egfr), draft);
        Assert.Equal(indicator, card?.Indicator);
        if (card is not null) Assert.Contains("eGFR stands in", card.Detail);
    }

    /// <summary>A woman of 80, 50 kg: Cockcroft-Gault (140-80) x 50 / (72 x creatinine) x 0.85.</summary>
    [Theory]
    [InlineData(1.0, "mg/dL", 50, "kg", null)]                 // 35.4 mL/min: not below 35
    [InlineData(1.1, "mg/dL", 50, "kg", "32.2")]               // 32.2: below 35, though eGFR is 60
    [InlineData(97.24, "umol/L", 50, "kg", "32.2")]            // 1.1 mg/dL x 88.4
    [InlineData(1.1, "mg/dL", 110.231, "[lb_av]", "32.2")]     // 50 kg in pounds
    public void With_weight_and_creatinine_the_cockcroft_gault_clearance_is_used_and_named(double creatinine, string creatinineUnit,
        double weight, string weightUnit, string? clearance)
    {
        var record = PatientRecord.Woman(80).VitaminD(35).Egfr(60)
            .Lab(creatinineUnit == "mg/dL" ? "2160-0" : "14682-9", (decimal)creatinine, creatinineUnit)
            .Lab("29463-7", (decimal)weight, weightUnit);
        var card = KidneyCheck(record, "alendronate 70 MG Oral Tablet");
        if (clearance is null) { Assert.Null(card); return; }
        Assert.NotNull(card);
        Assert.Contains($"creatinine clearance {clearance}", card.Summary);
        Assert.Contains("Cockcroft-Gault", card.Detail);
    }

    [Fact]
    public void A_weight_older_than_12_months_leaves_eGFR_standing_in()
    {
        var record = PatientRecord.Woman(80).VitaminD(35).Egfr(60).Lab("2160-0", 1.1m, "mg/dL").Lab("29463-7", 50, "kg", daysAgo: 400);
        Assert.Null(KidneyCheck(record, "alendronate 70 MG Oral Tablet"));
    }

    [Theory]
    [InlineData(Icd10, "N18.6", "End stage renal disease")]
    [InlineData(Icd10, "Z99.2", "Dependence on renal dialysis")]
    [InlineData(Snomed, "46177005", "End-stage renal disease")]
    public void Dialysis_or_end_stage_kidney_disease_is_below_every_limit_without_a_result(string system, string code, string display)
    {
        var record = PatientRecord.Woman(70).VitaminD(35).Condition(system, code, display);
        Assert.Equal("warning", KidneyCheck(record, "alendronate 70 MG Oral Tablet")?.Indicator);
        Assert.Equal("warning", KidneyCheck(record, "ibandronate 150 MG Oral Tablet")?.Indicator);
        Assert.Equal("critical", KidneyCheck(record, "zoledronic acid 5 MG/100ML Injection")?.Indicator);
        var denosumab = record.Evaluate(RequestKind.OrderSign, [PatientRecord.Draft("denosumab 60 MG/ML Prefilled Syringe")]);
        Assert.NotNull(denosumab.FindCard(RuleIds.OrderDenosumabCkd));
    }

    [Theory]
    [InlineData(Icd10, "N17.9", "Acute kidney failure, unspecified", "active", "critical")]
    [InlineData(Snomed, "14669001", "Acute kidney injury", "active", "critical")]
    [InlineData(Snomed, "14669001", "Acute kidney injury", "resolved", null)]
    public void Zoledronic_acid_in_acute_kidney_injury_is_critical(string system, string code, string display, string status,
        string? indicator)
    {
        var record = PatientRecord.Woman(70).VitaminD(35).Egfr(70).Condition(system, code, display, clinicalStatus: status);
        Assert.Equal(indicator, KidneyCheck(record, "zoledronic acid 5 MG/100ML Injection")?.Indicator);
        Assert.Null(KidneyCheck(record, "alendronate 70 MG Oral Tablet")); // the AKI line is zoledronic acid's label
    }

    [Fact]
    public void End_stage_kidney_disease_withholds_magnesium_too()
    {
        var r = PatientRecord.Woman(70).SpineT(-1.8m).Condition(Icd10, "N18.6", "End stage renal disease").Evaluate();
        var nutrition = r.CardWith(RuleIds.Nutrition);
        Assert.Contains("Magnesium: not suggested", nutrition.Detail);
        Assert.DoesNotContain(nutrition.Suggestions ?? [], s => s.Label.Contains("Magnesium"));
    }
}
