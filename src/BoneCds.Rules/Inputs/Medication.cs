namespace BoneCds.Rules.Inputs;

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

/// <summary>A medication on record (or drafted), with the classes the rules care about.</summary>
public sealed record MedicationFact(string Source, string Name, MedicationClass Classes);
