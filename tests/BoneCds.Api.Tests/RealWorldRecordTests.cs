using System.Net;
using System.Text.Json.Nodes;

namespace BoneCds.Api.Tests;

/// <summary>
/// Records shaped the way real systems send them (a US Core STU5/6 DXA panel, a Synthea osteoporosis record), run through
/// the service as an EHR uses it: the discovery prefetch templates filled by <see cref="EhrSimulator"/>, and the assessment API.
/// </summary>
public class RealWorldRecordTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private Task<JsonObject> Service(string hook) => EhrSimulator.DiscoveredServiceAsync(_client, hook);

    private async Task<JsonNode> Call(JsonObject service, JsonObject request)
    {
        var response = await _client.PostAsync($"/cds-services/{service["id"]}", ApiFactory.Json(request.ToJsonString()));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    private async Task<JsonNode> Assess(JsonNode bundle)
    {
        var response = await _client.PostAsync("/api/v1/assessments", ApiFactory.Json(bundle.ToJsonString(), "application/fhir+json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    private static JsonNode Record(string name) => JsonNode.Parse(ApiFactory.Fixture($"records/{name}.json"))!;

    private static JsonObject Collection(JsonNode list) => new()
    {
        ["resourceType"] = "Bundle", ["type"] = "collection",
        ["entry"] = new JsonArray(list.AsArray().Select(r => (JsonNode)new JsonObject { ["resource"] = r!.DeepClone() }).ToArray()),
    };

    [Fact]
    public async Task Us_core_dxa_panel_through_the_prefetch_templates_gives_the_osteoporosis_card()
    {
        var service = await Service("patient-view");
        var cards = (await Call(service, EhrSimulator.FromBundleOrList(Record("us-core-dxa-panel"), "example").Request(service))).Cards();
        var risk = cards.Card("RISK-HIGH");
        Assert.Contains("left total hip", risk.Text("summary"));
        Assert.Contains("BMD (LOINC 46278-8)", risk.Text("detail"));
        Assert.DoesNotContain(cards, c => c.HasRule("INPUT-REJECTED"));
        Assert.Contains(cards, c => c.HasRule("SUPP-CALCIUM")); // the unit-only serum calcium was read: not hypercalcaemic
    }

    [Fact]
    public async Task Us_core_dxa_panel_through_the_assessment_api_reads_both_sites_and_the_bmd()
    {
        var a = await Assess(Collection(Record("us-core-dxa-panel")));
        Assert.Equal("osteoporosis", a.Text("boneDensity", "category"));
        Assert.Equal("left total hip", a.Text("boneDensity", "drivingSite"));
        Assert.Equal(2, a.At("boneDensity", "sites").AsArray().Count);
        Assert.Equal(2, a.At("boneDensity", "boneMineralDensities").AsArray().Count);
        Assert.Equal("-2.71 T-Score", a.Text("boneDensity", "driving", "reported"));
        Assert.Empty(a.At("rejectedInputs").AsArray());
    }

    [Fact]
    public async Task Synthea_record_through_the_assessment_api_sees_the_hypercalcaemia_fracture_and_diagnosis()
    {
        var a = await Assess(Record("synthea-osteoporosis"));
        Assert.True(a.At("minerals", "hypercalcaemia").GetValue<bool>());
        Assert.Equal("severeOsteoporosis", a.Text("boneDensity", "category"));
        Assert.True(a.At("boneDensity", "fromForearm").GetValue<bool>());
        Assert.Equal("Osteoporosis (disorder)", a.At("boneDensity", "osteoporosisDiagnoses")[0]!.GetValue<string>());
        Assert.Equal("high", a.Text("risk", "level"));
        Assert.Equal("hip", a.At("fragilityFractures", 0, "site").GetValue<string>());
        var cards = a.Cards();
        Assert.Contains(cards, c => c.HasRule("CA-HYPERCALCAEMIA"));
        Assert.Contains("forearm", cards.Card("RISK-HIGH").Text("detail"));
    }

    [Fact]
    public async Task Synthea_record_through_the_prefetch_templates_gives_the_same_findings()
    {
        var service = await Service("patient-view");
        var request = EhrSimulator.FromBundleOrList(Record("synthea-osteoporosis"), "a1b2c3d4-0000-4000-8000-000000000001").Request(service);
        var cards = (await Call(service, request)).Cards();
        Assert.Contains(cards, c => c.HasRule("CA-HYPERCALCAEMIA"));
        Assert.Contains(cards, c => c.HasRule("RISK-HIGH") && c.HasRule("BMD-SEVERE-OSTEOPOROSIS"));
        Assert.DoesNotContain(cards, c => c.HasRule("SUPP-CALCIUM"));
    }

    [Fact]
    public async Task Discovery_asks_for_every_catalogue_code_and_conditions_whatever_their_status()
    {
        var service = await Service("patient-view");
        var observations = service.Text("prefetch", "labs") + service.Text("prefetch", "densitometry");
        foreach (var code in BoneCds.Rules.Catalogue.LoincCatalog.AllCodes)
            Assert.Contains($"http://loinc.org|{code}", observations);
        Assert.DoesNotContain("clinical-status", service.Text("prefetch", "conditions"));
    }

    [Theory]
    [InlineData("""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","diagnostics":"lab system offline"}]}""")]
    [InlineData("""{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","diagnostics":"lab system offline"}]}}]}""")]
    public async Task A_prefetch_the_ehr_could_not_fill_is_treated_as_missing_and_named(string failed)
    {
        var request = JsonNode.Parse(ApiFactory.Fixture("patient-view.json"))!.AsObject();
        request["prefetch"]!["labs"] = JsonNode.Parse(failed);
        var cards = (await Call(await Service("patient-view"), request)).Cards();
        var missing = cards.Card("INPUT-PREFETCH-MISSING");
        Assert.Contains("labs", missing.Text("summary"));
        Assert.Contains("lab system offline", missing.Text("detail"));
        Assert.DoesNotContain(cards, c => c.HasRule("VITD-DEFICIENT"));
    }

    [Fact]
    public async Task A_fractionated_vitamin_d_reported_with_its_total_is_judged_on_the_total()
    {
        var bundle = JsonNode.Parse("""
        {"resourceType":"Bundle","type":"collection","entry":[
          {"resource":{"resourceType":"Observation","id":"d3","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"1989-3"}]},
           "effectiveDateTime":"2026-11-01T09:00:00Z","valueQuantity":{"value":18,"unit":"ng/mL","system":"http://unitsofmeasure.org","code":"ng/mL"}}},
          {"resource":{"resourceType":"Observation","id":"total","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"62292-8"}]},
           "effectiveDateTime":"2026-11-01T09:00:00Z","valueQuantity":{"value":32,"unit":"ng/mL","system":"http://unitsofmeasure.org","code":"ng/mL"}}}]}
        """)!;
        var a = await Assess(bundle);
        Assert.Equal("sufficiency", a.Text("vitaminD", "tier"));
        Assert.Contains("Observation/total", a.Text("vitaminD", "measurement", "source"));
    }
}
