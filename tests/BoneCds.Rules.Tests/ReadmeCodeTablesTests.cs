using System.Reflection;
using System.Text;

namespace BoneCds.Rules.Tests;

/// <summary>
/// docs/clinical.md "Codes accepted" is generated from the catalogue the readers and the prefetch templates use, so it cannot drift:
/// this test fails when they differ. UPDATE_README=1 rewrites the section between its markers.
/// </summary>
public class ReadmeCodeTablesTests
{
    private const string Begin = "<!-- codes:begin (generated from src/BoneCds.Rules/Catalogue by ReadmeCodeTablesTests; UPDATE_README=1) -->";
    private const string End = "<!-- codes:end -->";

    public static string Generate()
    {
        var md = new StringBuilder();
        md.AppendLine("#### Observations (LOINC), in tie-break order").AppendLine();
        md.AppendLine("| analyte | LOINC | meaning | site | side | units accepted |").AppendLine("|---|---|---|---|---|---|");
        foreach (var entry in LoincCatalog.All)
            md.AppendLine($"| {entry.Analyte} | `{entry.Code}` | {entry.Display} | {entry.Site?.Describe() ?? ""} | "
                + $"{(entry.Side == BodySide.Unspecified ? "" : entry.Side.ToString().ToLowerInvariant())} | "
                + $"{UnitConversion.AcceptedUnits(entry.Analyte).Replace("|", "\\|")} |");
        md.AppendLine().AppendLine("#### Conditions").AppendLine();
        md.AppendLine("| system | code (prefix for ICD-10) | fracture | osteoporosis | other |").AppendLine("|---|---|---|---|---|");
        foreach (var (prefix, meaning) in ConditionCatalog.Icd10)
            md.AppendLine($"| ICD-10 | `{prefix}` | {meaning.Fracture?.ToString().ToLowerInvariant() ?? ""} | {(meaning.Osteoporosis ? "yes" : "")} | "
                + $"{Other(meaning)} |");
        foreach (var (code, display, meaning) in ConditionCatalog.Snomed)
            md.AppendLine($"| SNOMED CT | `{code}` {display} | {meaning.Fracture?.ToString().ToLowerInvariant() ?? ""} | "
                + $"{(meaning.Osteoporosis ? "yes" : "")} | {Other(meaning)} |");
        md.AppendLine().AppendLine("#### Published value sets (VSAC expansions, descendants included)").AppendLine();
        md.AppendLine("| value set | OID | version | codes | used for |").AppendLine("|---|---|---|---|---|");
        foreach (var vs in ValueSets.All)
            md.AppendLine($"| {vs.Name} | `{vs.Oid}` | {vs.Version} | {vs.Codes.Count} | {UsedFor(vs)} |");
        md.AppendLine().AppendLine("#### Medications").AppendLine();
        md.AppendLine("| class | RxNorm | ATC (prefix) | ingredient and brand names (whole words) |").AppendLine("|---|---|---|---|");
        foreach (var row in MedicationCatalog.Table)
            md.AppendLine($"| {row.Class} | {string.Join(", ", row.RxNorm.Select(c => $"`{c}`"))} | "
                + $"{string.Join(", ", row.AtcPrefixes.Select(c => $"`{c}`"))} | "
                + (row.Names.Length > 0 ? string.Join(", ", row.Names) : "first word of an ingredient (a salt is not a supplement)") + " |");
        md.AppendLine().AppendLine("#### Rule ids").AppendLine();
        md.AppendLine(string.Join(", ", typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => $"`{f.GetRawConstantValue()}`")));
        return md.ToString();
    }

    private static string Other(ConditionMeaning m) => string.Join(", ", new[]
    {
        m.KidneyStone ? "kidney stone" : null, m.EndStageKidney ? "end-stage kidney disease" : null,
        m.AcuteKidneyInjury ? "acute kidney injury" : null, m.LikelyFragilityAt50 ? "fracture history at 50+" : null,
        m.OrderCheck switch
        {
            OrderCheckCondition.MyocardialInfarctionOrStroke => "MI or stroke (romosozumab check, v4)",
            OrderCheckCondition.PagetDisease => "Paget's disease (PTH-analogue check, v4)",
            OrderCheckCondition.BoneMetastases => "bone metastases (PTH-analogue check, v4)",
            _ => null,
        },
    }.Where(t => t is not null));

    private static string UsedFor(ValueSet vs) =>
        vs == ValueSets.Warfarin ? "vitamin K antagonist (clinical-drug codes)"
        : vs == ValueSets.Osteoporosis || vs == ValueSets.OsteoporosisWithoutCurrentFracture ? "osteoporosis on record"
        : vs == ValueSets.OsteoporosisWithCurrentFracture ? "osteoporosis on record, with a fracture"
        : vs == ValueSets.Osteopenia ? "osteopenia on record"
        : vs == ValueSets.ChronicKidneyDiseaseStage5 || vs == ValueSets.EndStageRenalDisease ? "below every kidney limit"
        : vs == ValueSets.EstimatedGlomerularFiltrationRate ? "eGFR terms (per 1.73 m2)"
        : vs == ValueSets.GlucocorticoidsOral ? "systemic glucocorticoid, clinical-drug codes (v4 GC-OSTEOPOROSIS)"
        : vs == ValueSets.MyocardialInfarction ? "myocardial infarction for the romosozumab check (v4), SNOMED CT descendants included"
        : vs == ValueSets.Stroke ? "confirms I61, I63 (v4; its I60, I62, I69 sequelae and G45-G46 are not a stroke in the label's sense)"
        : throw new InvalidOperationException($"value set {vs.Name} has no stated use");

    [Fact]
    public void Readme_lists_exactly_the_codes_the_catalogue_reads()
    {
        var path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../docs/clinical.md"));
        var readme = File.ReadAllText(path);
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/clinical.md lacks the markers {Begin} ... {End}");
        var current = readme[(start + Begin.Length)..end].Trim();
        var expected = Generate().Trim();
        if (Environment.GetEnvironmentVariable("UPDATE_README") == "1" && current != expected)
        {
            File.WriteAllText(path, readme[..(start + Begin.Length)] + "\n\n" + expected + "\n\n" + readme[end..]);
            current = expected;
        }
        Assert.Equal(expected, current);
    }
}
