using BoneCds.Rules.Assessment;
using BoneCds.Rules.Cards;
using BoneCds.Rules.Cards.Contract;
using BoneCds.Rules.Classification;
using BoneCds.Rules.Inputs;

namespace BoneCds.Api.Assessments;

public sealed record MeasurementDto(
    decimal Value, string Unit, string Reported, string? Comparator, DateTimeOffset EffectiveAt, bool Stale, string Source, string? Site);

public sealed record VitaminDDto(VitaminDTier Tier, string? RuleId, MeasurementDto? Measurement);

public sealed record BoneDensityDto(BoneDensityCategory Category, string? RuleId, string Method, string? DrivingSite,
    MeasurementDto? Driving, IReadOnlyList<MeasurementDto> Sites)
{
    /// <summary>True when the category was read from the forearm because no spine, femur or hip score is on record.</summary>
    public bool FromForearm { get; init; }

    /// <summary>Osteoporosis diagnoses on record (ICD-10 M80/M81, SNOMED CT 64859006).</summary>
    public IReadOnlyList<string> OsteoporosisDiagnoses { get; init; } = [];

    /// <summary>The same, with code and recorded date (v3).</summary>
    public IReadOnlyList<DiagnosisFact> OsteoporosisDiagnosisDetails { get; init; } = [];

    /// <summary>Osteoporosis diagnoses not counted, with why (v3 guards: a provisional, differential, unconfirmed... status).</summary>
    public IReadOnlyList<string> OsteoporosisDiagnosesNotUsed { get; init; } = [];

    /// <summary>
    /// DXA scores on record beside the ones used, marked not used for the category, with the reason (v3): T-scores under 50,
    /// Z-scores at 50+.
    /// </summary>
    public IReadOnlyList<UnusedScoreDto> ScoresNotUsed { get; init; } = [];

    /// <summary>BMD in g/cm2: shown, never categorised.</summary>
    public IReadOnlyList<MeasurementDto> BoneMineralDensities { get; init; } = [];
}

/// <summary>A DXA score on record that the category does not use, and why.</summary>
public sealed record UnusedScoreDto(string Score, MeasurementDto Measurement, string Reason);

public sealed record MineralsDto(MeasurementDto? Pth, MeasurementDto? Calcium, MeasurementDto? Osteocalcin, MeasurementDto? Egfr,
    bool PthAboveRange, bool SecondaryHyperparathyroidism, bool PossiblePrimaryHyperparathyroidism, bool Hypercalcaemia,
    bool HighBoneTurnover, bool MagnesiumWithheldForEgfr)
{
    /// <summary>Calcium below the lower limit (rule CA-HYPOCALCAEMIA).</summary>
    public bool Hypocalcaemia { get; init; }
}

public sealed record PatientDto(Sex Sex, int? AgeYears, bool TScoreCategoriesApply)
{
    /// <summary>Recorded as deceased (v3.1): no cards are made; the age is the age at death.</summary>
    public bool Deceased { get; init; }
}

/// <summary>One treatment course the v4 rules read: what they name on the cards.</summary>
public sealed record TreatmentCourseDto(Rules.Courses.CourseDrug Drug, string Name, DateTimeOffset Start, DateTimeOffset LastDose,
    DateTimeOffset LastRecord, int Doses, bool Current, bool FromAdministrations, IReadOnlyList<string> Sources);

/// <summary>POST /api/v1/assessments response: every finding, the rules that fired, unusable inputs, and the cards.</summary>
public sealed record AssessmentResponse(
    DateTimeOffset EvaluatedAt,
    PatientDto Patient,
    VitaminDDto VitaminD,
    BoneDensityDto BoneDensity,
    MineralsDto Minerals,
    RiskFinding Risk,
    IReadOnlyList<MedicationFact> ActiveMedications,
    IReadOnlyList<FractureFact> FragilityFractures,
    IReadOnlyList<RuleHit> FiredRules,
    IReadOnlyList<RejectedInput> RejectedInputs,
    IReadOnlyList<CdsCard> Cards)
{
    /// <summary>Rejected inputs listed at most; the rest are counted in <see cref="RejectedInputsNotListed"/> (review M1).</summary>
    public const int MaxRejectedListed = 200;

    /// <summary>Resources of other patients in the Bundle: excluded and only counted (v3.1); absent when none.</summary>
    public int? OtherPatientsResourcesExcluded { get; init; }

    /// <summary>
    /// This patient's remembered overrides (v3) when the call names the patient's FHIR server (or CDS client issuer): why a
    /// card is absent from the hooks. Absent when not asked for.
    /// </summary>
    public IReadOnlyList<Suppression.SuppressionView>? SuppressedRules { get; init; }

    /// <summary>Treatment courses read from administrations, orders and the medication history (v4), oldest first per drug.</summary>
    public IReadOnlyList<TreatmentCourseDto> TreatmentCourses { get; init; } = [];

    /// <summary>How many rejected inputs <see cref="RejectedInputs"/> does not account for; absent when it lists them all.</summary>
    public int? RejectedInputsNotListed { get; init; }

    public static AssessmentResponse From(EvaluationResult r, RuleThresholds t)
    {
        var a = r.Assessment;
        var i = a.Input;
        return new AssessmentResponse(
            i.EvaluatedAt,
            new PatientDto(i.Patient.Sex, i.Patient.AgeYears, BoneDensityClassifier.UsesTScore(i.Patient, t))
            {
                Deceased = i.Patient.Deceased,
            },
            new VitaminDDto(a.VitaminD.Tier, a.VitaminD.RuleId, Dto(a.VitaminD.Measurement)),
            new BoneDensityDto(a.BoneDensity.Category, a.BoneDensity.RuleId, CardText.ScoreName(a.BoneDensity.Score),
                a.BoneDensity.DrivingMeasurement?.SiteText, Dto(a.BoneDensity.DrivingMeasurement),
                i.ScoresFor(a.BoneDensity.Score).Select(m => Dto(m)!).ToList())
            {
                FromForearm = a.BoneDensity.FromForearm,
                OsteoporosisDiagnoses = i.OsteoporosisDiagnoses,
                OsteoporosisDiagnosisDetails = i.OsteoporosisDiagnosisFacts,
                OsteoporosisDiagnosesNotUsed = i.OsteoporosisDiagnosesNotUsed,
                ScoresNotUsed = UnusedScores(a, t),
                BoneMineralDensities = i.BoneMineralDensities.Select(m => Dto(m)!).ToList(),
            },
            new MineralsDto(Dto(i.Get(Analyte.Pth)), Dto(i.Get(Analyte.Calcium)), Dto(i.Get(Analyte.Osteocalcin)), Dto(i.Get(Analyte.Egfr)),
                a.Minerals.PthHigh, a.Minerals.SecondaryHyperparathyroidism, a.Minerals.PossiblePrimaryHyperparathyroidism,
                a.Minerals.Hypercalcaemia, a.Minerals.HighBoneTurnover, a.Minerals.MagnesiumContraindicatedByEgfr)
            {
                Hypocalcaemia = a.Minerals.Hypocalcaemia,
            },
            a.Risk, i.ActiveMedications, i.FragilityFractures, a.Hits, i.Rejected.Take(MaxRejectedListed).ToList(), r.Cards)
        {
            OtherPatientsResourcesExcluded = i.OtherPatientsResourcesExcluded > 0 ? i.OtherPatientsResourcesExcluded : null,
            TreatmentCourses = a.Courses.Courses.Select(c => new TreatmentCourseDto(c.Drug, c.Name, c.Start, c.LastDose, c.LastRecord,
                c.Doses, c.Current, c.FromAdministrations, c.Sources)).ToList(),
            RejectedInputsNotListed = i.Rejected.Count > MaxRejectedListed
                ? RejectedInput.Total(i.Rejected) - RejectedInput.Total(i.Rejected.Take(MaxRejectedListed)) : null,
        };
    }

    private static List<UnusedScoreDto> UnusedScores(BoneHealthAssessment a, RuleThresholds t)
    {
        var usesT = a.BoneDensity.Score == DensityScore.TScore;
        var reason = usesT ? $"not used for the category: at {t.TScoreMinAge}+ the T-score is used (ISCD)"
            : $"not used for the category: under {t.TScoreMinAge} the Z-score is used, never the T-score categories (ISCD)";
        return (usesT ? a.Input.LatestZScores : a.Input.LatestTScores)
            .Select(m => new UnusedScoreDto(usesT ? "Z-score" : "T-score", Dto(m)!, reason)).ToList();
    }

    private static MeasurementDto? Dto(Measurement? m) => m is null ? null
        : new MeasurementDto(decimal.Round(m.Value, 2), m.Unit, m.Reported, m.Comparator, m.EffectiveAt, m.IsStale, m.Source,
        m.Site is null ? null : m.SiteText);
}
