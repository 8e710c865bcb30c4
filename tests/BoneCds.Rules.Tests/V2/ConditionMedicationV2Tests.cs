
namespace BoneCds.Rules.Tests.V2;

/// <summary>clinical-rules.md v2 "Conditions and medications" and "Already treated".</summary>
public class ConditionMedicationV2Tests
{
    private const string Snomed = "http://snomed.info/sct";
    private const string Icd10 = "http://hl7.org/fhir/sid/icd-10-cm";

    [Theory]
    [InlineData(Snomed, "359817006", "Closed fracture of hip", FractureSite.Hip)]
    [InlineData(Snomed, "15724005", "Fracture of vertebral column without spinal cord injury", FractureSite.Vertebral)]
    [InlineData(Snomed, "443165006", "Pathological fracture due to osteoporosis", FractureSite.Other)]
    [InlineData(Icd10, "S72.001A", "Fracture of neck of right femur", FractureSite.Hip)]
    [InlineData(Icd10, "S32.010A", "Wedge compression fracture of first lumbar vertebra", FractureSite.Vertebral)]
    [InlineData(Icd10, "S22.000A", "Wedge compression fracture of thoracic vertebra", FractureSite.Vertebral)]
    [InlineData(Icd10, "M48.50XA", "Collapsed vertebra", FractureSite.Vertebral)]
    [InlineData(Icd10, "M80.08XA", "Age-related osteoporosis with current pathological fracture, vertebra", FractureSite.Vertebral)]
    [InlineData(Icd10, "M80.051A", "Age-related osteoporosis with current pathological fracture, right femur", FractureSite.Hip)]
    [InlineData(Icd10, "M80.031A", "Age-related osteoporosis with current pathological fracture, right forearm", FractureSite.Other)]
    public void Fragility_fractures_by_code_and_only_hip_or_vertebral_ones_meet_the_high_risk_criterion(
        string system, string code, string display, FractureSite site)
    {
        var r = PatientRecord.Woman(70).Condition(system, code, display).SpineT(-2.6m).Evaluate();
        Assert.Equal(site, Assert.Single(r.Assessment.Input.FragilityFractures).Site);
        Assert.Equal(BoneDensityCategory.SevereOsteoporosis, r.Assessment.BoneDensity.Category);
        var withoutDxa = PatientRecord.Woman(70).Condition(system, code, display).Evaluate();
        // v3: a code that is also an osteoporosis diagnosis (M80.x, 443165006) counts as high risk on its own.
        var diagnosis = withoutDxa.Assessment.Input.OsteoporosisDiagnoses.Count > 0;
        Assert.Equal(site != FractureSite.Other || diagnosis, withoutDxa.Assessment.Risk.Level == RiskLevel.High);
    }

    [Theory]
    [InlineData("resolved", null, true)]   // a healed hip fracture is still a fracture history
    [InlineData("inactive", null, true)]
    [InlineData("active", "refuted", false)]
    [InlineData("active", "entered-in-error", false)]
    public void Fractures_count_whatever_their_clinical_status_unless_refuted(string status, string? verification, bool counts)
    {
        var r = PatientRecord.Woman(70).Condition(Snomed, "359817006", "Closed fracture of hip", status, verification).Evaluate();
        Assert.Equal(counts, r.Assessment.Risk.Level == RiskLevel.High);
    }

    [Theory]
    [InlineData(Snomed, "64859006", "Osteoporosis (disorder)")]
    [InlineData(Icd10, "M81.0", "Age-related osteoporosis without current pathological fracture")]
    public void An_osteoporosis_diagnosis_shows_on_the_bone_card_without_a_dxa(string system, string code, string display)
    {
        var r = PatientRecord.Woman(70).Condition(system, code, display).Evaluate();
        Assert.Equal(display, Assert.Single(r.Assessment.Input.OsteoporosisDiagnoses));
        Assert.Contains(display, r.CardWith(RuleIds.BmdDiagnosisOnRecord).Detail);
        Assert.NotNull(r.FindCard(RuleIds.SuppCalcium)); // osteoporosis on record qualifies for the supplement cards
    }

    [Theory]
    [InlineData("atorvastatin calcium 20 MG Oral Tablet", MedicationClass.None)]
    [InlineData("esomeprazole magnesium 40 MG Delayed Release Oral Capsule", MedicationClass.None)]
    [InlineData("alendronate sodium 70 MG Oral Tablet", MedicationClass.Bisphosphonate)]
    [InlineData("Alendronic acid 10 MG [Fosamax]", MedicationClass.Bisphosphonate)]
    [InlineData("ibandronate 150 MG Oral Tablet", MedicationClass.Bisphosphonate | MedicationClass.Ibandronate)]
    [InlineData("zoledronic acid 5 MG/100ML Injection", MedicationClass.Bisphosphonate | MedicationClass.ZoledronicAcid)]
    [InlineData("Calcium Carbonate 600 MG / Cholecalciferol 400 UNT Oral Tablet", MedicationClass.Calcium | MedicationClass.VitaminD)]
    [InlineData("calcium citrate 950 MG", MedicationClass.Calcium)]
    [InlineData("magnesium oxide 400 MG Oral Tablet", MedicationClass.Magnesium)]
    [InlineData("calcitriol 0.25 MCG Oral Capsule", MedicationClass.VitaminD)]
    [InlineData("alfacalcidol 1 MCG", MedicationClass.VitaminD)]
    [InlineData("calcifediol 30 MCG Extended Release", MedicationClass.VitaminD)]
    [InlineData("ergocalciferol 50000 UNT", MedicationClass.VitaminD)]
    [InlineData("denosumab 60 MG/ML Prefilled Syringe [Prolia]", MedicationClass.Denosumab)]
    [InlineData("teriparatide 20 MCG/DOSE Pen Injector", MedicationClass.PthAnalogue)]
    [InlineData("abaloparatide 80 MCG", MedicationClass.PthAnalogue)]
    [InlineData("romosozumab-aqqg 105 MG/1.17ML", MedicationClass.Romosozumab)]
    [InlineData("raloxifene hydrochloride 60 MG", MedicationClass.Raloxifene)]
    [InlineData("phytonadione 5 MG Oral Tablet", MedicationClass.VitaminK)]
    [InlineData("menaquinone-7 180 MCG", MedicationClass.VitaminK)]
    [InlineData("warfarin sodium 5 MG Oral Tablet", MedicationClass.VitaminKAntagonist)]
    [InlineData("amlodipine 5 MG (calcium channel blocker)", MedicationClass.None)]
    public void Medications_are_classified_by_whole_word_ingredient_and_salts_are_not_supplements(string name, MedicationClass expected) =>
        Assert.Equal(expected, MedicationCatalog.Classify([], name));

    [Theory]
    [InlineData(MedicationCatalog.RxNormSystem, "11289", MedicationClass.VitaminKAntagonist)]
    [InlineData(MedicationCatalog.AtcSystem, "B01AA07", MedicationClass.VitaminKAntagonist)]
    [InlineData(MedicationCatalog.AtcSystem, "A11CC04", MedicationClass.VitaminD)]
    [InlineData(MedicationCatalog.AtcSystem, "M05BX04", MedicationClass.Denosumab)]
    [InlineData(MedicationCatalog.AtcSystem, "H05AA02", MedicationClass.PthAnalogue)]
    [InlineData(MedicationCatalog.AtcSystem, "A12AA04", MedicationClass.Calcium)]
    public void Medications_are_classified_by_code_first(string system, string code, MedicationClass expected) =>
        Assert.Equal(expected, MedicationCatalog.Classify([(system, code, null)], null));

    [Fact]
    public void An_already_treated_patient_gets_a_review_card_not_consider_therapy()
    {
        var r = PatientRecord.Woman(70).FemoralNeckT(-2.7m).MedicationNamed("alendronate 70 MG Oral Tablet", startedDaysAgo: 730).Evaluate();
        Assert.Equal(RiskLevel.High, r.Assessment.Risk.Level);
        Assert.DoesNotContain(r.Cards, c => c.RuleIds.Contains(RuleIds.TreatPharmacological));
        var card = r.CardWith(RuleIds.TreatOnTherapy);
        Assert.Contains("alendronate", card.Summary + card.Detail);
        Assert.Contains(PatientRecord.Now.AddDays(-730).ToString("yyyy-MM-dd"), card.Detail);
        Assert.Contains("adherence", card.Detail);
        Assert.Contains("repeat-DXA", card.Detail);
    }

    [Theory]
    [InlineData("alendronate 70 MG Oral Tablet")]
    [InlineData("denosumab 60 MG/ML [Prolia]")]
    [InlineData("teriparatide 20 MCG")]
    public void Drafting_an_anti_osteoporosis_drug_counts_as_starting_treatment(string drug)
    {
        var r = PatientRecord.Woman(70).FemoralNeckT(-2.7m).VitaminD(35).Calcium(9.4m).Egfr(70)
            .Evaluate(RequestKind.OrderSign, [PatientRecord.Draft(drug)]);
        Assert.DoesNotContain(r.Cards, c => c.RuleIds.Contains(RuleIds.TreatPharmacological));
        var untreated = PatientRecord.Woman(70).FemoralNeckT(-2.7m).VitaminD(35).Evaluate(RequestKind.OrderSign, []);
        Assert.Contains(untreated.Cards, c => c.RuleIds.Contains(RuleIds.TreatPharmacological));
    }
}
