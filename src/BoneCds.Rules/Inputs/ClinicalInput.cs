namespace BoneCds.Rules.Inputs;

/// <summary>Which DXA score a patient's bone density is judged by (WHO T-score categories, or the ISCD Z-score).</summary>
public enum DensityScore { TScore, ZScore }

/// <summary>Everything the rules need, extracted from FHIR and already filtered (status, units, staleness).</summary>
public sealed record ClinicalInput(
    PatientFacts Patient,
    IReadOnlyDictionary<Analyte, Measurement> Latest,
    IReadOnlyList<Measurement> LatestTScores,
    IReadOnlyList<Measurement> LatestZScores,
    IReadOnlyList<MedicationFact> ActiveMedications,
    IReadOnlyList<string> FragilityFractures,
    IReadOnlyList<RejectedInput> Rejected,
    DateTimeOffset EvaluatedAt,
    bool MedicationListKnown = true)
{
    public Measurement? Get(Analyte analyte) => Latest.TryGetValue(analyte, out var m) ? m : null;

    public bool OnMedication(MedicationClass c) => ActiveMedications.Any(m => m.Classes.HasFlag(c));

    public IEnumerable<MedicationFact> MedicationsOf(MedicationClass c) => ActiveMedications.Where(m => m.Classes.HasFlag(c));

    /// <summary>The latest score per site of the given kind.</summary>
    public IReadOnlyList<Measurement> ScoresFor(DensityScore score) => score == DensityScore.TScore ? LatestTScores : LatestZScores;
}
