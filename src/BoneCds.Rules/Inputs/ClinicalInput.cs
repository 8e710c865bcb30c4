namespace BoneCds.Rules.Inputs;

/// <summary>Which DXA score a patient's bone density is judged by (WHO T-score categories, or the ISCD Z-score).</summary>
public enum DensityScore { TScore, ZScore }

/// <summary>A fragility fracture on record, and where (only hip and vertebral ones meet the BHOF high-risk criterion).</summary>
public sealed record FractureFact(string Name, Catalogue.FractureSite Site, string Source)
{
    /// <summary>When it happened: onset, else the recorded date (v4: a fracture in the last 12 months, or on therapy).</summary>
    public DateTimeOffset? On { get; init; }

    public bool IsHipOrVertebral => Site is Catalogue.FractureSite.Hip or Catalogue.FractureSite.Vertebral;
}

/// <summary>A diagnosis on record as a card names it (v3): its name, code and recorded date.</summary>
public sealed record DiagnosisFact(string Name, string? Code, DateTimeOffset? RecordedOn, string Source)
{
    public string Describe() => $"{Name} ({(Code is null ? "" : $"{Code}, ")}"
        + $"{(RecordedOn is { } on ? $"recorded {on:yyyy-MM-dd}" : "date not recorded")})";
}

/// <summary>Everything the rules need, extracted from FHIR and already filtered (status, units, staleness).</summary>
public sealed record ClinicalInput(
    PatientFacts Patient,
    IReadOnlyDictionary<Analyte, Measurement> Latest,
    IReadOnlyList<Measurement> LatestTScores,
    IReadOnlyList<Measurement> LatestZScores,
    IReadOnlyList<MedicationFact> ActiveMedications,
    IReadOnlyList<FractureFact> FragilityFractures,
    IReadOnlyList<RejectedInput> Rejected,
    DateTimeOffset EvaluatedAt,
    bool MedicationListKnown = true)
{
    /// <summary>Osteoporosis diagnoses on record (ICD-10 M80/M81, SNOMED CT 64859006): shown even without a DXA result.</summary>
    public IReadOnlyList<string> OsteoporosisDiagnoses { get; init; } = [];

    /// <summary>The same diagnoses with their code and date, as cards name them (v3).</summary>
    public IReadOnlyList<DiagnosisFact> OsteoporosisDiagnosisFacts { get; init; } = [];

    /// <summary>
    /// Osteoporosis diagnoses not counted (v3 guards: verification status refuted, entered-in-error, provisional, differential or
    /// unconfirmed), each with why: listed on the assessment, never named on cards.
    /// </summary>
    public IReadOnlyList<string> OsteoporosisDiagnosesNotUsed { get; init; } = [];

    /// <summary>Osteopenia (low bone mass) on record (v3.1 value set): qualifies for the nutrition card like a DXA would.</summary>
    public IReadOnlyList<string> OsteopeniaDiagnoses { get; init; } = [];

    /// <summary>Resources of other patients in the input: excluded, counted, never named on this patient's cards (v3.1).</summary>
    public int OtherPatientsResourcesExcluded { get; init; }

    /// <summary>Kidney stones on record (ICD-10 N20.x, SNOMED CT 95570007; any clinical status): dietary calcium preferred (v3).</summary>
    public IReadOnlyList<string> KidneyStones { get; init; } = [];

    /// <summary>End-stage kidney disease or dialysis on record (ICD-10 N18.6, Z99.2; SNOMED CT 46177005): below every limit.</summary>
    public IReadOnlyList<string> EndStageKidney { get; init; } = [];

    /// <summary>A current acute kidney injury (ICD-10 N17.x; SNOMED CT 14669001): zoledronic acid is contraindicated.</summary>
    public IReadOnlyList<string> AcuteKidneyInjury { get; init; } = [];

    /// <summary>BMD in g/cm2, latest per code: shown when present, never categorised.</summary>
    public IReadOnlyList<Measurement> BoneMineralDensities { get; init; } = [];

    public Measurement? Get(Analyte analyte) => Latest.TryGetValue(analyte, out var m) ? m : null;

    /// <summary>Completed and stopped medications (v3 medication history), with their last record date.</summary>
    public IReadOnlyList<MedicationFact> MedicationHistory { get; init; } = [];

    /// <summary>Completed MedicationAdministrations of anti-osteoporosis drugs and glucocorticoids: one dose each (v4).</summary>
    public IReadOnlyList<MedicationFact> Administrations { get; init; } = [];

    /// <summary>v4 order-check conditions on record (MI or stroke, Paget's disease, bone metastases), with their dates.</summary>
    public IReadOnlyList<(Catalogue.OrderCheckCondition Kind, DiagnosisFact Diagnosis)> OrderCheckConditions { get; init; } = [];

    /// <summary>The two latest alkaline phosphatase results, newest first (v4: "persistently low" reads both).</summary>
    public IReadOnlyList<Measurement> AlkalinePhosphatase { get; init; } = [];

    /// <summary>
    /// A bisphosphonate stopped or completed within the last 5 years while none is current: a possible drug holiday (v3).
    /// </summary>
    public MedicationFact? RecentBisphosphonateStop => OnMedication(MedicationClass.Bisphosphonate) ? null
        : MedicationHistory.Where(m => m.Is(MedicationClass.Bisphosphonate) && m.LastRecordOn >= EvaluatedAt.AddYears(-5))
            .OrderByDescending(m => m.LastRecordOn).FirstOrDefault();

    public bool OnMedication(MedicationClass c) => ActiveMedications.Any(m => m.Is(c));

    public IEnumerable<MedicationFact> MedicationsOf(MedicationClass c) => ActiveMedications.Where(m => m.Is(c));

    /// <summary>The latest score per site of the given kind (both sides of one site: the lower one).</summary>
    public IReadOnlyList<Measurement> ScoresFor(DensityScore score) => score == DensityScore.TScore ? LatestTScores : LatestZScores;
}
