namespace BoneCds.Rules.Inputs;

public enum Sex { Unknown, Female, Male, Other }

public sealed record PatientFacts(string? Id, Sex Sex, int? AgeYears)
{
    public static readonly PatientFacts Unknown = new(null, Sex.Unknown, null);
}
