namespace BoneCds.Rules.Cards;

/// <summary>
/// IOM Dietary Reference Intakes (calcium 2011, magnesium 1997), as summarised by the NIH ODS fact sheets.
/// clinical-rules.md gives the values for women (calcium 1,200 mg for 51+, magnesium 320 mg for 31+); for men and younger
/// women it is silent, so the same IOM tables are followed. Unknown sex or age: the primary population's values.
/// </summary>
public static class DietaryReference
{
    public static (int MgPerDay, string Population) CalciumRda(PatientFacts p) => (p.Sex, p.AgeYears) switch
    {
        (Sex.Male, >= 71) => (1200, "men 71+"),
        (Sex.Male, >= 19) => (1000, "men 19-70"),
        (Sex.Female, >= 19 and <= 50) => (1000, "women 19-50"),
        _ => (1200, "women 51+"),
    };

    /// <summary>IOM tolerable upper intake of calcium: 2,000 mg/day from 51 (kidney-stone risk), 2,500 mg/day for 19-50.</summary>
    public static int CalciumUpperLimit(PatientFacts p) => p.AgeYears is >= 19 and <= 50 ? 2500 : 2000;

    public static (int MgPerDay, string Population) MagnesiumRda(PatientFacts p) => (p.Sex, p.AgeYears) switch
    {
        (Sex.Male, >= 31) => (420, "men 31+"),
        (Sex.Male, >= 19) => (400, "men 19-30"),
        (Sex.Female, >= 19 and <= 30) => (310, "women 19-30"),
        _ => (320, "women 31+"),
    };
}
