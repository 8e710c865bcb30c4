using Hl7.Fhir.Model;

namespace BoneCds.Rules.Tests.V3;

/// <summary>
/// clinical-rules.md v3 "Nothing is dropped" for DXA scores not used for the category, "Z-score at 50+", and the guards on
/// "an osteoporosis diagnosis on record" (verification status, an osteopenic DXA, a possible drug holiday).
/// </summary>
public class BoneDensityV3Tests
{
    private const string Icd10 = "http://hl7.org/fhir/sid/icd-10-cm";

    private static string AllText(EvaluationResult r) => string.Join("\n", r.Cards.Select(c => c.Summary + "\n" + c.Detail));

    [Fact]
    public void A_t_score_under_50_is_not_used_for_the_category_but_is_named_on_a_card()
    {
        var r = PatientRecord.Woman(45).SpineT(-2.8m).Evaluate();
        Assert.Equal(BoneDensityCategory.NotAssessed, r.Assessment.BoneDensity.Category);
        var card = r.CardWith(RuleIds.BmdScoresNotUsed);
        Assert.Contains("T-score lumbar spine -2.8", card.Detail);
        Assert.Contains("under 50 the Z-score is used", card.Detail);
    }

    [Theory]
    [InlineData(-1.8, -2.1, RuleIds.Nutrition, true)]                // osteopenia: on the nutrition card, which shows the DXA
    [InlineData(-2.7, -2.0, RuleIds.TreatPharmacological, true)]     // exactly -2.0 is at the threshold
    [InlineData(-2.7, -1.9, RuleIds.TreatPharmacological, false)]    // above it: listed as not used, no sentence
    [InlineData(-0.5, -2.2, RuleIds.BmdZScoreLowAt50, true)]         // a normal T-score: an info card of its own
    public void A_z_score_at_50_plus_is_listed_and_at_or_below_minus_2_adds_the_secondary_causes_sentence(double t, double z,
        string card, bool sentence)
    {
        var r = PatientRecord.Woman(65).SpineT((decimal)t).SpineZ((decimal)z).VitaminD(35).Evaluate();
        var shown = r.Cards.Single(c => c.RuleId == card);
        Assert.Contains($"Z-score lumbar spine {Measurement.Format((decimal)z)}", shown.Detail);
        Assert.Contains("not used for the category", shown.Detail);
        Assert.Equal(sentence, shown.Detail!.Contains("consider secondary causes of bone loss", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Cards, c => c.Detail!.Contains("ISCD Z-score rule"));
        Assert.Equal(t <= -2.5 ? BoneDensityCategory.Osteoporosis : t < -1 ? BoneDensityCategory.LowBoneMass
            : BoneDensityCategory.Normal, r.Assessment.BoneDensity.Category); // the Z-score changes no category
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("confirmed", true)]
    [InlineData("provisional", false)]
    [InlineData("differential", false)]
    [InlineData("unconfirmed", false)]
    [InlineData("refuted", false)]
    [InlineData("entered-in-error", false)]
    public void An_osteoporosis_diagnosis_counts_only_when_its_verification_allows(string? verification, bool counts)
    {
        var r = PatientRecord.Woman(70).Condition(Icd10, "M81.0", "Age-related osteoporosis", verification: verification).Evaluate();
        Assert.Equal(counts, r.Assessment.Risk.Level == RiskLevel.High);
        Assert.Equal(counts, AllText(r).Contains("Age-related osteoporosis", StringComparison.Ordinal));
        Assert.Equal(!counts && verification is not null, r.Assessment.Input.OsteoporosisDiagnosesNotUsed.Count == 1);
    }

    [Fact]
    public void A_diagnosis_is_named_with_code_and_date_and_on_an_osteopenic_dxa_counts_as_high_risk_with_confirm_the_basis()
    {
        var r = PatientRecord.Woman(70).SpineT(-1.8m).VitaminD(35).With(new Condition
        {
            Id = "dx-1", Code = new CodeableConcept(Icd10, "M81.0", "Age-related osteoporosis", "Age-related osteoporosis"),
            Subject = new ResourceReference($"Patient/{PatientRecord.PatientId}"), RecordedDate = "2021-04-09",
        }).Evaluate();
        Assert.Equal(RiskLevel.High, r.Assessment.Risk.Level);
        var card = r.CardWith(RuleIds.TreatPharmacological);
        Assert.Contains("Age-related osteoporosis (M81.0, recorded 2021-04-09)", card.Detail);
        Assert.Contains("confirm the basis of the recorded diagnosis", card.Detail);
    }

    [Theory]
    [InlineData(2, RuleIds.TreatDrugHoliday)]       // stopped 2 years ago: a possible drug holiday
    [InlineData(6, RuleIds.TreatPharmacological)]   // more than 5 years ago: consider therapy
    public void A_bisphosphonate_stopped_within_5_years_turns_consider_therapy_into_review_the_drug_holiday(int yearsAgo, string rule)
    {
        var r = PatientRecord.Woman(70).SpineT(-2.7m).VitaminD(35).With(new MedicationRequest
        {
            Id = "alendronate-course", Status = MedicationRequest.MedicationrequestStatus.Completed,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Medication = new CodeableConcept("http://www.nlm.nih.gov/research/umls/rxnorm", "46041", "alendronate", "alendronate"),
            Subject = new ResourceReference($"Patient/{PatientRecord.PatientId}"),
            AuthoredOn = PatientRecord.Now.AddYears(-yearsAgo - 5).ToString("yyyy-MM-dd"),
            DispenseRequest = new MedicationRequest.DispenseRequestComponent
            {
                ValidityPeriod = new Period { End = PatientRecord.Now.AddYears(-yearsAgo).ToString("yyyy-MM-dd") },
            },
        }).Evaluate();
        var card = r.Cards.Single(c => c.RuleId == rule);
        Assert.Equal(rule == RuleIds.TreatDrugHoliday, card.Summary.Contains("review the bisphosphonate drug holiday"));
        Assert.Empty(r.Assessment.Input.ActiveMedications); // history, not a current medication
    }
}
