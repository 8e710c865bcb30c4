namespace BoneCds.Rules.Catalogue;

/// <summary>
/// Classifies medications by RxNorm ingredient, ATC code or name. The K2 safety rule depends on this:
/// clinical-rules.md asks for warfarin (RxNorm 11289) and other vitamin K antagonists (ATC B01AA),
/// matched by ingredient or ATC; names catch product-level codes (e.g. "warfarin sodium 5 MG Oral Tablet").
/// </summary>
public static class MedicationCatalog
{
    public const string RxNormSystem = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string AtcSystem = "http://www.whocc.no/atc";

    private static readonly (MedicationClass Class, string[] RxNorm, string[] AtcPrefixes, string[] Names)[] Table =
    [
        (MedicationClass.VitaminKAntagonist, ["11289"], ["B01AA"],
            ["warfarin", "coumadin", "jantoven", "acenocoumarol", "sintrom", "phenprocoumon", "marcumar", "fluindione",
                "vitamin k antagonist"]),
        (MedicationClass.Bisphosphonate, ["46041", "73056"], ["M05BA", "M05BB"],
            ["alendron", "risedron", "ibandron", "zoledron", "pamidron", "etidron", "fosamax", "actonel", "boniva", "reclast", "aclasta",
                "bisphosphonate"]),
        (MedicationClass.VitaminD, [], ["A11CC"],
            ["cholecalciferol", "colecalciferol", "ergocalciferol", "vitamin d"]),
        (MedicationClass.VitaminK2, [], [],
            ["menaquinone", "vitamin k2", "mk-7", "mk7"]),
        (MedicationClass.Calcium, [], ["A12AA", "A12AX"],
            ["calcium"]),
        (MedicationClass.Magnesium, [], ["A12CC"],
            ["magnesium"]),
    ];

    public static MedicationClass Classify(IEnumerable<(string? System, string? Code, string? Display)> codings, string? text)
    {
        var result = MedicationClass.None;
        var names = new List<string>();
        if (!string.IsNullOrWhiteSpace(text)) names.Add(text.ToLowerInvariant());
        foreach (var (system, code, display) in codings)
        {
            if (!string.IsNullOrWhiteSpace(display)) names.Add(display.ToLowerInvariant());
            if (string.IsNullOrEmpty(code)) continue;
            foreach (var row in Table)
            {
                if (system == RxNormSystem && row.RxNorm.Contains(code)) result |= row.Class;
                if (system == AtcSystem && row.AtcPrefixes.Any(p => code.StartsWith(p, StringComparison.OrdinalIgnoreCase))) result |=
                    row.Class;
            }
        }
        foreach (var name in names)
            foreach (var row in Table)
                if (row.Names.Any(name.Contains)) result |= row.Class;
        // "calcium carbonate / vitamin D3" combination products are both; "calcium channel blocker" is neither.
        if (names.Any(n => n.Contains("calcium channel") || n.Contains("amlodipine") || n.Contains("nifedipine"))) result &=
            ~MedicationClass.Calcium;
        return result;
    }
}
