using System.Text.RegularExpressions;

namespace BoneCds.Rules.Catalogue;

/// <summary>
/// How a medication is named on a card (v3.1): by its ingredient and strength. An RxNorm pack string
/// ("{4 (Risedronate 35 MG Oral Tablet [Actonel]) } Pack [Actonel]") becomes its components ("Risedronate 35 MG Oral Tablet"),
/// brand brackets removed; any other name is kept as written.
/// </summary>
public static class MedicationNames
{
    private static readonly Regex Component = new(@"\d+\s*\(([^()]+)\)",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    private static readonly Regex Brand = new(@"\s*\[[^\]]*\]", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    public static string Display(string name)
    {
        if (!name.StartsWith('{')) return name;
        var parts = Component.Matches(name).Select(m => Brand.Replace(m.Groups[1].Value, "").Trim()).Where(p => p.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return parts.Count > 0 ? string.Join(" / ", parts) : Brand.Replace(name.Trim('{', '}', ' '), "").Trim();
    }
}
