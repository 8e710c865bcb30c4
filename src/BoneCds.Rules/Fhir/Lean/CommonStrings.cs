using System.Text;
using System.Text.Json;
using BoneCds.Rules.Catalogue;

namespace BoneCds.Rules.Fhir.Lean;

/// <summary>
/// The strings every Observation repeats (code systems, catalogue codes, units, statuses) are handed out from one pool instead
/// of a new string per occurrence; any other value is read as usual.
/// </summary>
internal static class CommonStrings
{
    private const int Longest = 64;

    private static readonly (byte[] Utf8, string Text)[][] ByLength = Build(
    [
        LoincCatalog.System, "http://unitsofmeasure.org", ConditionCatalog.SnomedSystem, MedicationCatalog.RxNormSystem,
        "Observation", "MedicationRequest", "MedicationStatement", "Patient", "Condition", "Medication", "Bundle",
        "active", "on-hold", "intended", "completed", "stopped",
        "final", "amended", "corrected", "preliminary", "registered", "entered-in-error", "cancelled", "unknown",
        .. LoincCatalog.AllCodes, .. UnitConversion.Rows.Select(r => r.Unit),
    ]);

    /// <summary>
    /// The string the reader is on: from the pool, or <paramref name="recent"/> when it is the same text (ASCII compared in place),
    /// else a new string, which becomes the recent one.
    /// </summary>
    public static string Get(ref Utf8JsonReader reader, ref string? recent)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var value = reader.ValueSpan;
            if (value.Length <= Longest)
                foreach (var (utf8, text) in ByLength[value.Length])
                    if (value.SequenceEqual(utf8)) return text;
            if (recent is not null && recent.Length == value.Length && Ascii.Equals(value, recent)) return recent;
        }
        return recent = reader.GetString()!;
    }

    private static (byte[], string)[][] Build(IEnumerable<string> values)
    {
        var byLength = new List<(byte[], string)>[Longest + 1];
        for (var length = 0; length <= Longest; length++) byLength[length] = [];
        foreach (var value in values.Distinct())
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            if (utf8.Length <= Longest) byLength[utf8.Length].Add((utf8, value));
        }
        return byLength.Select(candidates => candidates.ToArray()).ToArray();
    }
}
