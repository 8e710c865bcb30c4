using System.Text.RegularExpressions;

namespace BoneCds.Rules.Catalogue;

/// <summary>
/// Classifies medications (clinical-rules.md v2): by RxNorm ingredient or ATC code, then by ingredient name as a whole
/// word. A salt is not a supplement: "calcium" or "magnesium" makes a supplement only as the first word of an ingredient
/// ("calcium carbonate", "magnesium oxide"), so "atorvastatin calcium" and "esomeprazole magnesium" are not.
/// Only RxNorm codes checked against RxNorm are listed; names and ATC codes cover the rest.
/// </summary>
public static class MedicationCatalog
{
    public const string RxNormSystem = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string AtcSystem = "http://www.whocc.no/atc";

    public sealed record Row(MedicationClass Class, string[] RxNorm, string[] AtcPrefixes, string[] Names);

    public static readonly IReadOnlyList<Row> Table =
    [
        new(MedicationClass.VitaminKAntagonist, ["11289"], ["B01AA"],
            ["warfarin", "coumadin", "jantoven", "acenocoumarol", "sintrom", "phenprocoumon", "marcumar", "fluindione", "previscan"]),
        new(MedicationClass.Bisphosphonate, ["46041", "73056"], ["M05BA", "M05BB"],
            ["alendronate", "alendronic acid", "risedronate", "risedronic acid", "ibandronate", "ibandronic acid", "zoledronate",
             "zoledronic acid", "pamidronate", "etidronate", "fosamax", "binosto", "actonel", "atelvia", "boniva", "reclast", "aclasta"]),
        new(MedicationClass.Bisphosphonate | MedicationClass.Ibandronate, [], ["M05BA06"], ["ibandronate", "ibandronic acid", "boniva"]),
        new(MedicationClass.Bisphosphonate | MedicationClass.Risedronate, ["73056"], ["M05BA07"],
            ["risedronate", "risedronic acid", "actonel", "atelvia"]),
        new(MedicationClass.Bisphosphonate | MedicationClass.ZoledronicAcid, [], ["M05BA08"],
            ["zoledronate", "zoledronic acid", "reclast", "aclasta"]),
        new(MedicationClass.Denosumab, [], ["M05BX04"], ["denosumab", "prolia", "xgeva"]),
        new(MedicationClass.PthAnalogue, [], ["H05AA02", "H05AA04"], ["teriparatide", "forteo", "abaloparatide", "tymlos"]),
        new(MedicationClass.Romosozumab, [], ["M05BX06"], ["romosozumab", "evenity"]),
        new(MedicationClass.Raloxifene, [], ["G03XC01"], ["raloxifene", "evista"]),
        new(MedicationClass.VitaminD, ["2418"], ["A11CC"],
            ["cholecalciferol", "colecalciferol", "ergocalciferol", "calcifediol", "calcitriol", "alfacalcidol", "vitamin d", "vitamin d2",
             "vitamin d3", "rocaltrol", "rayaldee", "drisdol"]),
        new(MedicationClass.VitaminK, [], ["B02BA"],
            ["menaquinone", "menatetrenone", "vitamin k", "vitamin k1", "vitamin k2", "mk-7", "mk7", "phytonadione", "phytomenadione",
             "phylloquinone", "mephyton"]),
        // v4: systemic glucocorticoids, by the ingredients whose prednisone equivalents are known (one list for both). A topical,
        // inhaled or other local form named as such is not systemic (LocalForm below).
        new(MedicationClass.Glucocorticoid, [], ["H02AB"], [.. Courses.GlucocorticoidDose.Equivalents.Select(e => e.Ingredient)]),
        new(MedicationClass.Calcium, [], ["A12AA", "A12AX"], []),
        new(MedicationClass.Magnesium, [], ["A12CC"], []),
    ];

    private static readonly (MedicationClass Class, Regex Pattern)[] NamePatterns = Table.Where(r => r.Names.Length > 0)
        .Select(r => (r.Class, new Regex(@"\b(" + string.Join("|", r.Names.Select(Regex.Escape)) + @")\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)))
        .ToArray();

    /// <summary>Ingredients of a product name: "Calcium Carbonate 600 MG / Cholecalciferol 400 UNT" has two.</summary>
    private static readonly Regex IngredientSeparator =
        new(@"\s*(?:/|\+|,|;|\band\b|\bwith\b)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    private const int MaxNameLength = 500;

    private static readonly Regex LocalForm = new(
        @"\b(topical|cream|ointment|lotion|gel|foam|inhal\w*|nasal|ophthalmic|otic|eye|ear|rectal|enema|suppositor\w*|dental|"
        + @"intra-?articular|metered|spray)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    public static MedicationClass Classify(IEnumerable<(string? System, string? Code, string? Display)> codings, string? text)
    {
        var result = MedicationClass.None;
        var names = new List<string>();
        if (!string.IsNullOrWhiteSpace(text)) names.Add(text);
        foreach (var (system, code, display) in codings)
        {
            if (!string.IsNullOrWhiteSpace(display)) names.Add(display);
            if (string.IsNullOrEmpty(code)) continue;
            // v3.1: clinical-drug codes from the published Warfarin value set (855288 "warfarin sodium 1 MG Oral Tablet", ...).
            if (ValueSets.Warfarin.Contains(system, code)) result |= MedicationClass.VitaminKAntagonist;
            if (ValueSets.GlucocorticoidsOral.Contains(system, code)) result |= MedicationClass.Glucocorticoid;
            foreach (var row in Table)
            {
                if (system == RxNormSystem && row.RxNorm.Contains(code)) result |= row.Class;
                if (system == AtcSystem && row.AtcPrefixes.Any(p => code.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                    result |= row.Class;
            }
        }
        foreach (var name in names.Select(n => n.Length > MaxNameLength ? n[..MaxNameLength] : n))
            result |= ClassifyName(name);
        // A cream, inhaler or eye drop of a glucocorticoid is not a systemic one (v4 reads systemic use only).
        if ((result & MedicationClass.Glucocorticoid) != 0 && names.Any(n => LocalForm.IsMatch(n)))
            result &= ~MedicationClass.Glucocorticoid;
        return result;
    }

    private static MedicationClass ClassifyName(string name)
    {
        var result = MedicationClass.None;
        foreach (var (cls, pattern) in NamePatterns)
            if (pattern.IsMatch(name)) result |= cls;
        foreach (var ingredient in IngredientSeparator.Split(name))
        {
            var words = ingredient.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            if (words[0] == "calcium" && (words.Length == 1 || words[1] != "channel")) result |= MedicationClass.Calcium;
            if (words[0] == "magnesium") result |= MedicationClass.Magnesium;
        }
        return result;
    }
}
