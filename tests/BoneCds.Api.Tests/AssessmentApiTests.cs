using System.Net;
using System.Text.Json.Nodes;

namespace BoneCds.Api.Tests;

public class AssessmentApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Bundle_gives_the_structured_assessment_with_fired_rules_and_cards()
    {
        var response = await _client.PostAsync("/api/v1/assessments", ApiFactory.Json(ApiFactory.Fixture("assessment-bundle.json"), "application/fhir+json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var a = JsonNode.Parse(body)!;
        Assert.Equal("moderateDeficiency", a.At("vitaminD", "tier").GetValue<string>());
        Assert.Equal(12m, a.At("vitaminD", "measurement", "value").GetValue<decimal>());
        Assert.Equal("osteoporosis", a.At("boneDensity", "category").GetValue<string>());
        Assert.Equal("femoral neck", a.At("boneDensity", "drivingSite").GetValue<string>());
        Assert.True(a.At("minerals", "secondaryHyperparathyroidism").GetValue<bool>());
        Assert.Equal("high", a.At("risk", "level").GetValue<string>());
        var rules = a["firedRules"]!.AsArray().Select(r => r!["ruleId"]!.GetValue<string>()).ToList();
        Assert.Contains("VITD-DEFICIENT", rules);
        Assert.Contains("PTH-SECONDARY-HPT", rules);
        Assert.Contains("SAFETY-K2-VKA", rules);
        var vitDHit = a["firedRules"]!.AsArray().First(r => r!["ruleId"]!.GetValue<string>() == "VITD-DEFICIENT")!;
        Assert.Contains("12 ng/mL", vitDHit.At("valuesUsed", 0).GetValue<string>());
        Assert.Contains("10 to < 20 ng/mL", vitDHit.At("threshold").GetValue<string>());
        Assert.NotEmpty(a["cards"]!.AsArray());
    }

    public static TheoryData<string, string> BadBundles => new()
    {
        { """{"resourceType":"Patient","id":"p"}""", "Expected a FHIR Bundle" },
        { """{"resourceType":"Bundle","type":"document"}""", "Bundle.type" },
        { """{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"a"}},{"resource":{"resourceType":"Patient","id":"b"}}]}""", "more than one Patient" },
        { "not json at all", "body:" },
        { """{"resourceType":"Bundle","type":"collection"}]""", "not valid FHIR JSON" },
        { """{"resourceType":"Patient","id":"p"} {"resourceType":"Bundle","type":"collection"}""", "not valid FHIR JSON" },
    };

    [Theory]
    [MemberData(nameof(BadBundles))]
    public async Task Bad_bundles_get_400_problem_details(string json, string expected)
    {
        var response = await _client.PostAsync("/api/v1/assessments", ApiFactory.Json(json, "application/fhir+json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(expected, problem.At("detail").GetValue<string>());
    }

    [Fact]
    public async Task Comparator_and_nmol_values_are_normalised_and_flagged()
    {
        const string bundle = """
        {"resourceType":"Bundle","type":"collection","entry":[
          {"resource":{"resourceType":"Observation","id":"v","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"14635-7"}]},
           "effectiveDateTime":"2026-11-01","valueQuantity":{"value":25,"comparator":"<","unit":"nmol/L","system":"http://unitsofmeasure.org","code":"nmol/L"}}}]}
        """;
        var a = JsonNode.Parse(await (await _client.PostAsync("/api/v1/assessments", ApiFactory.Json(bundle))).Content.ReadAsStringAsync())!;
        Assert.Equal("severeDeficiency", a.At("vitaminD", "tier").GetValue<string>()); // v2: "<25 nmol/L" lies below 25 nmol/L
        Assert.Equal("<", a.At("vitaminD", "measurement", "comparator").GetValue<string>());
        Assert.Equal("<25 nmol/L", a.At("vitaminD", "measurement", "reported").GetValue<string>());
    }

    [Fact]
    public async Task Stale_result_is_reported_as_stale()
    {
        const string bundle = """
        {"resourceType":"Bundle","type":"collection","entry":[
          {"resource":{"resourceType":"Observation","id":"v","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"62292-8"}]},
           "effectiveDateTime":"2025-01-01","valueQuantity":{"value":12,"unit":"ng/mL","system":"http://unitsofmeasure.org","code":"ng/mL"}}}]}
        """;
        var a = JsonNode.Parse(await (await _client.PostAsync("/api/v1/assessments", ApiFactory.Json(bundle))).Content.ReadAsStringAsync())!;
        Assert.True(a.At("vitaminD", "measurement", "stale").GetValue<bool>());
        Assert.Contains(a["firedRules"]!.AsArray(), r => r!["ruleId"]!.GetValue<string>() == "VITD-STALE");
    }

    [Fact]
    public async Task Rejected_inputs_say_their_kind()
    {
        const string bundle = """
        {"resourceType":"Bundle","type":"collection","entry":[
          {"resource":{"resourceType":"Observation","id":"v","status":"preliminary","code":{"coding":[{"system":"http://loinc.org","code":"62292-8"}]},
           "effectiveDateTime":"2026-11-01","valueQuantity":{"value":12,"unit":"ng/mL","system":"http://unitsofmeasure.org","code":"ng/mL"}}},
          {"resource":{"resourceType":"Observation","id":"w","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2731-8"}]},
           "effectiveDateTime":"2026-11-01","valueQuantity":{"value":40,"unit":"pg/dL"}}}]}
        """;
        var a = JsonNode.Parse(await (await _client.PostAsync("/api/v1/assessments", ApiFactory.Json(bundle))).Content.ReadAsStringAsync())!;
        var kinds = a["rejectedInputs"]!.AsArray().ToDictionary(r => r!["source"]!.GetValue<string>(), r => r!["kind"]!.GetValue<string>());
        Assert.Equal("status", kinds["Observation/v"]);
        Assert.Equal("unit", kinds["Observation/w"]);
    }

    [Fact]
    public async Task A_combined_medication_class_is_written_as_the_openapi_document_describes_it()
    {
        const string bundle = """
        {"resourceType":"Bundle","type":"collection","entry":[
          {"resource":{"resourceType":"MedicationStatement","id":"combo","status":"active",
           "medicationCodeableConcept":{"text":"calcium carbonate / cholecalciferol"}}}]}
        """;
        var a = JsonNode.Parse(await (await _client.PostAsync("/api/v1/assessments", ApiFactory.Json(bundle))).Content.ReadAsStringAsync())!;
        var classes = a["activeMedications"]![0]!["classes"]!.GetValue<string>();
        Assert.Equal(["calcium", "vitaminD"], classes.Split(", ").Order());

        var document = JsonNode.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var schema = document["components"]!["schemas"]!["MedicationClass"]!;
        Assert.Null(schema["enum"]); // a list of single names would refuse "vitaminD, calcium"
        Assert.Equal("string", schema["type"]!.GetValue<string>());
        Assert.All(new[] { "RejectionKind", "VitaminDTier" }, name =>
            Assert.All(document["components"]!["schemas"]![name]!["enum"]!.AsArray(),
                value => Assert.Equal(System.Text.Json.JsonValueKind.String, value!.GetValueKind())));
    }
}
