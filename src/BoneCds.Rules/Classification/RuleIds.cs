namespace BoneCds.Rules.Classification;

/// <summary>Stable rule identifiers: cards, the assessment and feedback refer to these.</summary>
public static class RuleIds
{
    public const string VitDSevere = "VITD-SEVERE";
    public const string VitDDeficient = "VITD-DEFICIENT";
    public const string VitDInsufficient = "VITD-INSUFFICIENT";
    public const string VitDSufficient = "VITD-SUFFICIENT";
    public const string VitDHigh = "VITD-HIGH";
    public const string VitDToxic = "VITD-TOXIC";
    public const string VitDTestNeeded = "VITD-TEST-NEEDED";
    public const string VitDStale = "VITD-STALE";

    public const string BmdNormal = "BMD-NORMAL";
    public const string BmdOsteopenia = "BMD-OSTEOPENIA";
    public const string BmdOsteoporosis = "BMD-OSTEOPOROSIS";
    public const string BmdSevereOsteoporosis = "BMD-SEVERE-OSTEOPOROSIS";
    public const string BmdZScoreLow = "BMD-ZSCORE-LOW";
    public const string BmdZScoreNormal = "BMD-ZSCORE-NORMAL";
    public const string BmdStale = "BMD-STALE";
    public const string BmdForearm = "BMD-FOREARM";
    public const string BmdDiagnosisOnRecord = "BMD-DIAGNOSIS-ON-RECORD";

    public const string PthSecondaryHpt = "PTH-SECONDARY-HPT";
    public const string PthPrimaryHpt = "PTH-PRIMARY-HPT";
    public const string PthHigh = "PTH-HIGH";
    public const string CaHypercalcaemia = "CA-HYPERCALCAEMIA";
    public const string CaHypocalcaemia = "CA-HYPOCALCAEMIA";
    public const string OcHighTurnover = "OC-HIGH-TURNOVER";

    public const string RiskHigh = "RISK-HIGH";
    public const string TreatPharmacological = "TREAT-PHARMACOLOGICAL";
    /// <summary>High risk after a bisphosphonate stopped within 5 years: review the drug holiday, not "start therapy" (v3).</summary>
    public const string TreatDrugHoliday = "TREAT-DRUG-HOLIDAY";
    /// <summary>Z-score at or below -2.0 at 50+: consider secondary causes (v3; changes no category).</summary>
    public const string BmdZScoreLowAt50 = "BMD-ZSCORE-LOW-50PLUS";
    /// <summary>DXA scores on record but not used for the category (T under 50, Z at 50+): a card names them when no other does.</summary>
    public const string BmdScoresNotUsed = "BMD-SCORES-NOT-USED";
    public const string TreatOnTherapy = "TREAT-ON-THERAPY";

    /// <summary>The one "Bone-health nutrition" card (v3): calcium, magnesium and vitamin K2 as suggestions.</summary>
    public const string Nutrition = "NUTRITION";
    /// <summary>The patient is recorded as deceased: no recommendations and no order checks (v3.1).</summary>
    public const string PatientDeceased = "PATIENT-DECEASED";
    /// <summary>The last calcium, older than its window, was low: recheck (v3.1), never a hypocalcaemia warning.</summary>
    public const string CaLowStale = "CA-LOW-STALE";
    /// <summary>FRAX on record and no DXA: named, and a DXA suggested at the treatment thresholds (v3.1).</summary>
    public const string FraxWithoutDxa = "FRAX-WITHOUT-DXA";
    public const string SuppCalcium = "SUPP-CALCIUM";
    public const string SuppMagnesium = "SUPP-MAGNESIUM";
    public const string SuppK2 = "SUPP-K2";

    public const string SafetyK2Vka = "SAFETY-K2-VKA";
    public const string SafetyMagnesiumEgfr = "SAFETY-MG-EGFR";
    public const string SafetyCalciumHypercalcaemia = "SAFETY-CA-HYPERCALCAEMIA";

    public const string OrderBisphosphonateLowVitD = "ORDER-BISPHOSPHONATE-LOW-VITD";
    public const string OrderVitDHigh = "ORDER-VITD-HIGH";
    public const string OrderK2Vka = "ORDER-K2-VKA";
    /// <summary>A drafted vitamin D above the 4,000 IU/day upper limit outside a deficiency tier, or with no stated end (v3).</summary>
    public const string OrderVitDAboveUpperLimit = "ORDER-VITD-ABOVE-UL";
    /// <summary>Vitamin K drafted while a medication on record could not be identified, or the list is unavailable (v3).</summary>
    public const string OrderK2UnknownMedication = "ORDER-K2-UNKNOWN-MED";
    public const string OrderCalciumHypercalcaemia = "ORDER-CALCIUM-HYPERCALCAEMIA";
    public const string OrderMagnesiumEgfr = "ORDER-MG-EGFR";
    public const string OrderAntiresorptiveHypocalcaemia = "ORDER-ANTIRESORPTIVE-HYPOCALCAEMIA";
    public const string OrderBisphosphonateEgfr = "ORDER-BISPHOSPHONATE-EGFR";
    public const string OrderDenosumabCkd = "ORDER-DENOSUMAB-CKD";
    public const string OrderAnabolicHypercalcaemia = "ORDER-ANABOLIC-HYPERCALCAEMIA";

    // v4 "Treatment course and continuity".
    /// <summary>The last denosumab dose over 213 days ago, no bisphosphonate since: never suppressed, shown at order time too.</summary>
    public const string DmabOverdue = "DMAB-OVERDUE";
    public const string DmabDue = "DMAB-DUE";
    /// <summary>Very high risk (AACE/ACE 2020): the "consider pharmacological therapy" card names an anabolic agent first.</summary>
    public const string RiskVeryHigh = "RISK-VERY-HIGH";
    public const string BpDuration = "BP-DURATION";
    /// <summary>An anabolic course ended within 12 months and no antiresorptive since: never suppressed.</summary>
    public const string AnabolicFollowOn = "ANABOLIC-FOLLOW-ON";
    public const string GcOsteoporosis = "GC-OSTEOPOROSIS";
    public const string OrderRomosozumabCardiovascular = "ORDER-ROMOSOZUMAB-CV";
    public const string OrderRomosozumabDoses = "ORDER-ROMOSOZUMAB-DOSES";
    public const string OrderPthAnalogueContraindication = "ORDER-PTH-ANALOGUE-CONTRAINDICATION";
    public const string OrderPthAnalogueDuration = "ORDER-PTH-ANALOGUE-DURATION";
    public const string OrderAntiresorptiveLowAlp = "ORDER-ANTIRESORPTIVE-LOW-ALP";

    public const string InputRejected = "INPUT-REJECTED";
    public const string InputPrefetchMissing = "INPUT-PREFETCH-MISSING";
}
