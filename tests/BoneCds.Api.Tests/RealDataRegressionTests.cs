using System.Net;
using System.Text.Json.Nodes;

namespace BoneCds.Api.Tests;

/// <summary>
/// clinical-rules.md v3.1 regression on records no one here wrote (tests/Fixtures/realdata, see SOURCE.md, plus the Synthea
/// record): each patient through the assessment API and through patient-view. No 5xx; every rejection of a kind a
/// real record may have; no bone-relevant result silently unused (an analyte on record is either shown or its results are
/// rejected with a reason); the hook and the API give the same cards.
/// </summary>
public class RealDataRegressionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>Rejection kinds a well-formed real record may carry; invalidFhir would mean the sample is misread.</summary>
    private static readonly HashSet<string> AllowedKinds = ["status", "date", "site", "value", "unit", "subject"];

    public static TheoryData<string> Patients()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "realdata"), "*.json").Order())
            data.Add(Path.GetFileName(file));
        data.Add("../records/synthea-osteoporosis.json");
        return data;
    }

    [Theory]
    [MemberData(nameof(Patients))]
    public async Task A_real_shaped_patient_is_read_fully_and_the_hook_and_the_api_agree(string file)
    {
        var bundle = JsonNode.Parse(ApiFactory.Fixture(Path.Combine("realdata", file)))!.AsObject();
        var client = factory.CreateClient();
        var patients = bundle["entry"]!.AsArray().Select(e => e!["resource"]!)
            .Where(r => r["resourceType"]!.GetValue<string>() == "Patient").ToList();
        var patientId = patients[0]["id"]!.GetValue<string>();
        var url = patients.Count > 1 ? $"/api/v1/assessments?patientId={patientId}" : "/api/v1/assessments";
        var assessed = await client.PostAsync(url, ApiFactory.Json(bundle.ToJsonString(), "application/fhir+json"));
        var text = await assessed.Content.ReadAsStringAsync();
        Assert.True(assessed.StatusCode == HttpStatusCode.OK, $"{file}: {(int)assessed.StatusCode} {text}");
        var assessment = JsonNode.Parse(text)!;

        var kinds = assessment["rejectedInputs"]!.AsArray().Select(r => r!["kind"]!.GetValue<string>()).ToList();
        Assert.True(kinds.All(AllowedKinds.Contains), $"{file}: rejections {string.Join(", ", kinds)}: {assessment["rejectedInputs"]}");
        AssertNothingSilentlyUnused(file, bundle, assessment);

        var hook = await client.PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json(HookFor(bundle, patientId)));
        var hookText = await hook.Content.ReadAsStringAsync();
        Assert.True(hook.StatusCode == HttpStatusCode.OK, $"{file}: hook {(int)hook.StatusCode} {hookText}");
        static IEnumerable<string> Rules(JsonNode response) =>
            response.Cards().Select(c => c.OwnRule()!).Where(r => r != "INPUT-PREFETCH-MISSING").Order();
        Assert.Equal(Rules(assessment), Rules(JsonNode.Parse(hookText)!));
    }

    /// <summary>An analyte with results on record is shown (its latest) or every result of it is a rejection with a reason.</summary>
    private static void AssertNothingSilentlyUnused(string file, JsonObject bundle, JsonNode assessment)
    {
        var shown = assessment.ToJsonString();
        var rejected = assessment["rejectedInputs"]!.AsArray().Select(r => r!["source"]!.GetValue<string>()).ToList();
        foreach (var observation in bundle["entry"]!.AsArray().Select(e => e!["resource"]!)
                     .Where(r => r["resourceType"]!.GetValue<string>() == "Observation"))
        {
            var codes = observation["code"]?["coding"]?.AsArray().Select(c => c?["code"]?.GetValue<string>()).ToList() ?? [];
            if (!codes.Any(c => c is not null && BoneCds.Rules.Catalogue.LoincCatalog.TryGet(c, out _))) continue; // not bone-relevant
            var id = $"Observation/{observation["id"]}";
            var read = shown.Contains($"\"source\":\"{id}\"", StringComparison.Ordinal)
                || rejected.Any(r => r.Contains(id, StringComparison.Ordinal))
                || AnalyteShown(shown, codes);
            Assert.True(read, $"{file}: {id} ({string.Join(",", codes)}) is neither used nor rejected");
        }
    }

    /// <summary>A newer result of the same analyte is shown: the older one was read and superseded, not dropped.</summary>
    private static bool AnalyteShown(string assessment, List<string?> codes) =>
        codes.Any(c => c is not null && BoneCds.Rules.Catalogue.LoincCatalog.TryGet(c, out var entry)
            && assessment.Contains($"\"{char.ToLowerInvariant(entry.Analyte.ToString()[0])}{entry.Analyte.ToString()[1..]}\"",
                StringComparison.Ordinal));

    /// <summary>patient-view with the record as prefetch, as an EHR sends it: the Patient alone, the rest under the template keys.</summary>
    private static string HookFor(JsonObject bundle, string patientId)
    {
        var entries = bundle["entry"]!.AsArray();
        var patient = entries.Select(e => e!["resource"]!).First(r => r["resourceType"]!.GetValue<string>() == "Patient"
            && r["id"]!.GetValue<string>() == patientId);
        JsonObject Searchset(Func<string, bool> types) => new()
        {
            ["resourceType"] = "Bundle", ["type"] = "searchset",
            ["entry"] = new JsonArray(entries.Where(e => types(e!["resource"]!["resourceType"]!.GetValue<string>()))
                .Select(e => e!.DeepClone()).ToArray()),
        };
        return new JsonObject
        {
            ["hook"] = "patient-view", ["hookInstance"] = Guid.NewGuid().ToString(),
            ["context"] = new JsonObject { ["userId"] = "Practitioner/realdata", ["patientId"] = patientId },
            ["prefetch"] = new JsonObject
            {
                ["patient"] = patient.DeepClone(),
                // Every Observation under labs and an empty densitometry page: the same data, under the template keys.
                ["labs"] = Searchset(t => t == "Observation"),
                ["densitometry"] = Searchset(_ => false),
                ["medications"] = Searchset(t => t is "MedicationRequest" or "MedicationStatement" or "Medication"),
                ["conditions"] = Searchset(t => t == "Condition"),
            },
        }.ToJsonString();
    }
}
