using System.Text.Json;
using System.Text.Json.Nodes;
using BoneCds.Rules.Fhir.Lean;
using Hl7.Fhir.Model;

namespace BoneCds.Rules.Tests.Parsing;

/// <summary>
/// The lean medication path must give the medication reader exactly what Firely's POCOs gave it: the same active medications
/// (name, classes, start) and the same rejections, on real-world records and on each defect, including the safety rule that an
/// unreadable anticoagulant record still counts as active.
/// </summary>
public class LeanMedicationTests
{
    private const string Warfarin = """
        {"resourceType":"MedicationRequest","id":"med-1","status":"active","intent":"order",
         "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"11289",
           "display":"warfarin sodium 5 MG Oral Tablet"}],"text":"warfarin sodium 5 MG Oral Tablet"},
         "subject":{"reference":"Patient/p1"},"authoredOn":"2025-06-01","dosageInstruction":[{"text":"1 tablet daily"}]}
        """;

    private const string Statement = """
        {"resourceType":"MedicationStatement","id":"st-1","status":"active",
         "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1305",
           "display":"cholecalciferol"}],"text":"Vitamin D3 1000 IU"},
         "subject":{"reference":"Patient/p1"},"effectivePeriod":{"start":"2024-01-15T08:00:00Z"}}
        """;

    public static TheoryData<string, string, string, string, bool> Defects => new()
    {
        // name, resource, text replaced, replacement, still active on the list
        { "well formed", Warfarin, "\"intent\"", "\"intent\"", true },
        { "status not a code (unreadable anticoagulant: active for safety)", Warfarin, "\"active\"", "\"bogus\"", true },
        { "status stopped", Warfarin, "\"active\"", "\"stopped\"", false },
        { "status on-hold", Warfarin, "\"active\"", "\"on-hold\"", true },
        { "no status", Warfarin, "\"status\":\"active\",", "", false },
        { "another patient's", Warfarin, "Patient/p1", "Patient/p2", false },
        { "subject a number", Warfarin, "{\"reference\":\"Patient/p1\"}", "{\"reference\":7}", true },
        { "authoredOn partial", Warfarin, "2025-06-01", "2025-06", true },
        { "authoredOn impossible", Warfarin, "2025-06-01", "2025-13-45", true },
        { "medication a contained reference", Warfarin, "\"medicationCodeableConcept\"",
            "\"contained\":[{\"resourceType\":\"Medication\",\"id\":\"m\",\"code\":{\"text\":\"warfarin\"}}],"
            + "\"medicationReference\":{\"reference\":\"#m\"},\"x\"", true },
        { "medication concept an array", Warfarin, "\"medicationCodeableConcept\":{", "\"medicationCodeableConcept\":[],\"x\":{", false },
        { "an escaped member name", Warfarin, "\"status\"", "\"st\\u0061tus\"", true },
        { "statement with a period", Statement, "\"id\"", "\"id\"", true },
        { "statement intended", Statement, "\"active\"", "\"intended\"", true },
        { "statement not-taken", Statement, "\"active\"", "\"not-taken\"", false },
        { "statement effectiveDateTime", Statement, "\"effectivePeriod\":{\"start\":\"2024-01-15T08:00:00Z\"}",
            "\"effectiveDateTime\":\"2024-01-15\"", true },
        { "statement with an authoredOn (a request's element)", Statement, "\"id\"", "\"authoredOn\":\"2024-01-15\",\"id\"", true },
        { "statement with both effective[x]", Statement, "\"effectivePeriod\"", "\"effectiveDateTime\":\"2024-01-15\",\"effectivePeriod\"",
            false },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void Each_case_gives_the_same_medication_list_on_both_paths(string name, string resource, string find, string replace,
        bool active)
    {
        var edited = resource.Replace(find, replace);
        Assert.True(find == replace || edited != resource, name);
        var bundle = $$"""{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{{edited}}}]}""";

        var lean = Read(bundle, lean: true);
        Assert.Equal(Read(bundle, lean: false), lean);
        Assert.Equal(active, lean.Contains("active|"));
    }

    [Fact]
    public void A_well_formed_request_takes_the_lean_path_with_what_the_reader_uses()
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(Warfarin));
        reader.Read();
        Assert.True(LeanMedicationReader.TryRead(ref reader, "MedicationRequest", out var medication));
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        var facts = Assert.IsAssignableFrom<ILeanMedication>(medication).Facts;
        var authored = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(new MedicationFacts("MedicationRequest/med-1", true, "Patient/p1", facts.Medication, authored)
        {
            LastRecordOn = authored,
        }, facts);
        Assert.Equal("11289", Assert.Single(facts.Medication!.Codings).Code);
        Assert.IsType<LeanMedicationRequestCarrier>(medication);
    }

    public static TheoryData<string> RealWorld => new()
    {
        "perf/order-sign-50.json", "assessment-bundle.json", "patient-view-warfarin.json", "order-select.json",
    };

    /// <summary>Every medication of every Bundle in the file, read by both paths, gives the same list; plain ones go lean.</summary>
    [Theory]
    [MemberData(nameof(RealWorld))]
    public void Real_world_records_give_the_same_medication_list_on_both_paths(string fixture)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture)))!;
        var compared = 0;
        foreach (var bundle in LeanObservationTests.BundlesIn(json))
        {
            Assert.Equal(Read(bundle, lean: false), Read(bundle, lean: true));
            foreach (var entry in JsonNode.Parse(bundle)!["entry"]?.AsArray() ?? [])
            {
                var resource = entry?["resource"];
                var type = resource?["resourceType"]?.GetValue<string>();
                if (type is not ("MedicationRequest" or "MedicationStatement")) continue;
                compared++;
                if (resource!["medicationReference"] is not null || resource["contained"] is not null) continue;
                var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(resource.ToJsonString()));
                reader.Read();
                Assert.True(LeanMedicationReader.TryRead(ref reader, type, out _), $"{fixture}: {resource["id"]} fell back to Firely");
            }
        }
        Assert.True(compared >= 1, $"{fixture}: no medications compared");
    }

    /// <summary>The active medications and the rejections, one line each.</summary>
    internal static string Read(string bundleJson, bool lean)
    {
        var (resources, rejected, patientId) = LeanObservationTests.Open(bundleJson, "prefetch.medications", lean);
        var subject = new SubjectReference(BundleReferences.None, patientId, requireSubject: true);
        var lines = MedicationReader.ReadActive(resources, subject, BundleReferences.None, rejected)
            .Select(m => $"active|{m.Source}|{m.Name}|{m.Classes}|{m.Since:O}").ToList();
        lines.AddRange(rejected.Select(r => $"rejected|{r.Source}|{LeanObservationTests.Problems(r.Reason)}"));
        return string.Join('\n', lines);
    }
}
