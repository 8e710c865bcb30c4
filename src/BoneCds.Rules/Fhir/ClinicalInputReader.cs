using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// Turns FHIR resources (Patient, Observation, MedicationRequest/Statement, Condition, Bundles of them) into
/// <see cref="ClinicalInput"/>, one reader per resource kind. Every observation that is not used is reported with the reason.
/// </summary>
public sealed class ClinicalInputReader(StalenessWindows staleness)
{
    private readonly ObservationReader _observations = new(staleness);

    /// <param name="requireSubject">True for prefetched data: a clinical resource without a subject is rejected, not attributed.</param>
    public ClinicalInput Read(IEnumerable<Resource> resources, string? patientId, DateTimeOffset now,
        IEnumerable<RejectedInput>? alreadyRejected = null, bool medicationListKnown = true, bool requireSubject = false)
    {
        var rejected = new List<RejectedInput>(alreadyRejected ?? []);
        var entries = BundleFlattener.Entries(resources, rejected).ToList();
        var all = entries.Select(e => e.Resource).ToList();
        var references = new BundleReferences(entries);

        var patient = PatientReader.Read(all, patientId, now, rejected);
        var subject = new SubjectReference(references, patientId ?? patient.Id, requireSubject);

        var measurements = new List<Measurement>(all.Count);
        foreach (var observation in all.OfType<Observation>())
        {
            try { _observations.Read(observation, subject, now, measurements, rejected); }
            catch (Exception e) when (FhirReadGuard.IsModelMisfit(e)) { FhirReadGuard.Reject(observation, rejected, e); }
        }

        var history = new List<MedicationFact>();
        var medications = MedicationReader.ReadActive(all, subject, references, rejected, history);
        var conditions = ConditionReader.Read(all, subject, rejected, patient.AgeYears);
        var administrations = AdministrationReader.Read(all, subject, references, now, rejected);
        // v3.1: other patients' resources (a multi-patient Bundle) are excluded without naming them: a count only.
        var otherPatients = rejected.RemoveAll(r => r.Kind == RejectionKind.OtherPatient
            || r.Reason == SubjectReference.OtherPatientReason);
        return new ClinicalInput(patient, LatestPerAnalyte(measurements), LowerSidePerSite(measurements, Analyte.TScore),
            LowerSidePerSite(measurements, Analyte.ZScore), medications, conditions.Fractures, rejected, now, medicationListKnown)
        {
            OsteoporosisDiagnoses = conditions.OsteoporosisDiagnoses.Distinct().ToList(),
            OtherPatientsResourcesExcluded = otherPatients,
            OsteoporosisDiagnosisFacts = conditions.OsteoporosisFacts,
            OsteoporosisDiagnosesNotUsed = conditions.OsteoporosisNotUsed,
            KidneyStones = conditions.KidneyStones,
            OsteopeniaDiagnoses = conditions.Osteopenia,
            MedicationHistory = history,
            Administrations = administrations,
            OrderCheckConditions = conditions.OrderCheckConditions,
            AlkalinePhosphatase = measurements.Where(m => m.Analyte == Analyte.AlkalinePhosphatase).OrderBy(Newest).Take(2).ToList(),
            EndStageKidney = conditions.EndStageKidney,
            AcuteKidneyInjury = conditions.AcuteKidneyInjury,
            BoneMineralDensities = measurements.Where(m => m.Analyte == Analyte.BoneMineralDensity)
                .GroupBy(m => m.Entry!.Code).Select(g => g.OrderBy(Newest).First()).OrderBy(m => m.Entry!.Rank).ToList(),
        };
    }

    /// <summary>
    /// Latest first; at the same time a total 25(OH)D beats a fraction, otherwise the earlier catalogue row wins, then the
    /// lower value: never Bundle order (v2).
    /// </summary>
    private static (long, bool, int, decimal) Newest(Measurement m) =>
        (-m.EffectiveAt.UtcTicks, m.Entry?.IsFraction ?? false, m.Entry?.Rank ?? int.MaxValue, m.Value);

    private static Dictionary<Analyte, Measurement> LatestPerAnalyte(List<Measurement> measurements) =>
        measurements.Where(m => m.Analyte is not (Analyte.TScore or Analyte.ZScore or Analyte.BoneMineralDensity))
            .GroupBy(m => m.Analyte)
            .ToDictionary(g => g.Key, g => g.OrderBy(Newest).First());

    /// <summary>The latest score per site and side; of the two sides of one site, the lower score counts.</summary>
    private static IReadOnlyList<Measurement> LowerSidePerSite(List<Measurement> all, Analyte analyte) =>
        all.Where(m => m.Analyte == analyte)
           .GroupBy(m => (m.Site, m.Side))
           .Select(g => g.OrderBy(Newest).First())
           .GroupBy(m => m.Site)
           .Select(g => g.OrderBy(m => m.Value).ThenBy(m => m.Entry?.Rank ?? int.MaxValue).First())
           .OrderBy(m => m.Site)
           .ToList();
}
