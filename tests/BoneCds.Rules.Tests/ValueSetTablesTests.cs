using System.Text.Json.Nodes;

namespace BoneCds.Rules.Tests;

/// <summary>
/// clinical-rules.md v3.1 "Codes come from published value sets": the C# tables (ValueSets.g.cs) are generated from the
/// committed value-set JSON by src/BoneCds.Rules/Catalogue/ValueSets/generate.py; this test fails when the two differ, and
/// shows the value sets at work on the codes the 849 real-shaped patients carried.
/// </summary>
public class ValueSetTablesTests
{
    private static string Folder => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory,
        "../../../../../src/BoneCds.Rules/Catalogue/ValueSets"));

    [Fact]
    public void Every_committed_value_set_is_in_the_tables_with_exactly_its_codes()
    {
        var files = Directory.GetFiles(Folder, "*.json");
        Assert.Equal(files.Length, ValueSets.All.Count);
        foreach (var file in files)
        {
            var json = JsonNode.Parse(File.ReadAllText(file))!;
            var oid = Path.GetFileNameWithoutExtension(file);
            var table = Assert.Single(ValueSets.All, v => v.Oid == oid);
            Assert.Equal(json["version"]!.GetValue<string>(), table.Version);
            var codes = json["expansion"]!["contains"]!.AsArray()
                .Select(c => (c!["system"]!.GetValue<string>(), c["code"]!.GetValue<string>())).ToHashSet();
            Assert.True(codes.SetEquals(table.Codes), $"{oid}: the JSON and ValueSets.g.cs differ; run generate.py");
        }
    }

    [Theory]
    [InlineData("http://www.nlm.nih.gov/research/umls/rxnorm", "855288", "")] // warfarin sodium 1 MG Oral Tablet, no text
    [InlineData("http://www.nlm.nih.gov/research/umls/rxnorm", "855344", "")]
    public void A_warfarin_clinical_drug_code_alone_is_a_vitamin_k_antagonist(string system, string code, string text) =>
        Assert.True(MedicationCatalog.Classify([(system, code, null)], text).HasFlag(MedicationClass.VitaminKAntagonist));

    [Theory]
    [InlineData("http://snomed.info/sct", "203444008", true, false, false)] // osteoporosis after oophorectomy, with fracture
    [InlineData("http://snomed.info/sct", "312894000", false, true, false)] // osteopenia
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "N18.5", false, false, true)] // CKD stage 5
    [InlineData("http://snomed.info/sct", "433146000", false, false, true)]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm", "M81.8", true, false, false)]
    public void Conditions_are_matched_through_the_value_set_expansions(string system, string code, bool osteoporosis,
        bool osteopenia, bool endStage)
    {
        var meaning = ConditionCatalog.Meaning([(system, code)], "");
        Assert.NotNull(meaning);
        Assert.Equal((osteoporosis, osteopenia, endStage), (meaning.Osteoporosis, meaning.Osteopenia, meaning.EndStageKidney));
    }
}
