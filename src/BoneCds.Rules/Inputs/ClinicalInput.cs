namespace BoneCds.Rules.Inputs;

/// <summary>One usable measurement, normalised to its analyte's canonical unit.</summary>
public sealed record Measurement(
    Analyte Analyte,
    decimal Value,
    string Unit,
    decimal ReportedValue,
    string ReportedUnit,
    string? Comparator,
    DateTimeOffset EffectiveAt,
    string Source,
    SkeletalSite? Site,
    bool IsStale)
{
    /// <summary>"&lt;10 ng/mL" style text of what the lab reported.</summary>
    public string Reported => $"{Comparator}{Format(ReportedValue)} {ReportedUnit}".Trim();

    /// <summary>Canonical value with unit; scores are dimensionless and print bare ("-2.7").</summary>
    public string Canonical => Analyte is Analyte.TScore or Analyte.ZScore ? $"{Comparator}{Format(Value)}" : $"{Comparator}{Format(Value)} {Unit}";

    /// <summary>True when the lab reported another unit than the canonical one (so the card shows both).</summary>
    public bool Converted => ReportedValue != Value;

    public static string Format(decimal v) => decimal.Round(v, 2).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An input the service could not use, and why. Reported back, never guessed around.</summary>
public sealed record RejectedInput(string Source, string Reason);

public enum Sex { Unknown, Female, Male, Other }

public sealed record PatientFacts(string? Id, Sex Sex, int? AgeYears)
{
    public static readonly PatientFacts Unknown = new(null, Sex.Unknown, null);
}

[Flags]
public enum MedicationClass
{
    None = 0,
    VitaminKAntagonist = 1,
    Bisphosphonate = 2,
    VitaminD = 4,
    VitaminK2 = 8,
    Calcium = 16,
    Magnesium = 32,
}

public sealed record MedicationFact(string Source, string Name, MedicationClass Classes);

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
}
