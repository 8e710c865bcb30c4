using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// Turns FHIR resources (Patient, Observation, MedicationRequest/Statement, Condition, Bundles of them) into
/// <see cref="ClinicalInput"/>, one reader per resource kind. Every observation that is not used is reported with the reason.
/// </summary>
public sealed class ClinicalInputReader(StalenessWindows staleness)
{
    private readonly ObservationReader _observations = new(staleness);

    public ClinicalInput Read(IEnumerable<Resource> resources, string? patientId, DateTimeOffset now,
        IEnumerable<RejectedInput>? alreadyRejected = null, bool medicationListKnown = true)
    {
        var rejected = new List<RejectedInput>(alreadyRejected ?? []);
        var all = BundleFlattener.Flatten(resources, rejected).ToList();

        var patient = PatientReader.Read(all, patientId, now, rejected);
        var subjectId = patientId ?? patient.Id;

        var measurements = new List<Measurement>();
        foreach (var observation in all.OfType<Observation>())
            FhirReadGuard.Run(observation, rejected, () => _observations.Read(observation, subjectId, now, measurements, rejected));

        var medications = MedicationReader.ReadActive(all, subjectId, rejected);
        var fractures = ConditionReader.ReadFragilityFractures(all, subjectId, rejected);
        return new ClinicalInput(patient, LatestPerAnalyte(measurements), LatestPerSite(measurements, Analyte.TScore),
            LatestPerSite(measurements, Analyte.ZScore), medications, fractures, rejected, now, medicationListKnown);
    }

    private static Dictionary<Analyte, Measurement> LatestPerAnalyte(List<Measurement> measurements)
    {
        var latest = new Dictionary<Analyte, Measurement>();
        foreach (var measurement in measurements.Where(m => m.Analyte is not (Analyte.TScore or Analyte.ZScore)))
            if (!latest.TryGetValue(measurement.Analyte, out var current) || measurement.EffectiveAt > current.EffectiveAt)
                latest[measurement.Analyte] = measurement;
        return latest;
    }

    private static IReadOnlyList<Measurement> LatestPerSite(List<Measurement> all, Analyte analyte) =>
        all.Where(m => m.Analyte == analyte)
           .GroupBy(m => m.Site)
           .Select(g => g.OrderByDescending(m => m.EffectiveAt).ThenBy(m => m.Value).First())
           .OrderBy(m => m.Site)
           .ToList();
}
