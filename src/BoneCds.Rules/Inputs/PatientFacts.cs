namespace BoneCds.Rules.Inputs;

public enum Sex { Unknown, Female, Male, Other }

public sealed record PatientFacts(string? Id, Sex Sex, int? AgeYears)
{
    /// <summary>Recorded as deceased (deceasedBoolean true or a deceasedDateTime): no recommendations (v3.1); age is at death.</summary>
    public bool Deceased { get; init; }

    public static readonly PatientFacts Unknown = new(null, Sex.Unknown, null);
}
