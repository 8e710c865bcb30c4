using System.Net;
using System.Text.Json.Nodes;

namespace BoneCds.Api.Tests;

/// <summary>
/// The v2 order checks through order-sign and order-select as an EHR calls them: the record filled into the discovery
/// prefetch templates, the draft MedicationRequest as the EHR drafts it (coded by ATC, or by name only).
/// </summary>
public class OrderCheckHookTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();
    private const string Patient = "pt-1";

    private static JsonObject Lab(string code, decimal value, string unit) => new()
    {
        ["resourceType"] = "Observation", ["id"] = $"obs-{code}", ["status"] = "final",
        ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://loinc.org", ["code"] = code }) },
        ["subject"] = new JsonObject { ["reference"] = $"Patient/{Patient}" },
        ["effectiveDateTime"] = "2026-11-10",
        ["valueQuantity"] = new JsonObject { ["value"] = value, ["unit"] = unit, ["system"] = "http://unitsofmeasure.org", ["code"] = unit },
    };

    private static JsonObject Medication(string id, JsonObject concept, string status = "active", string? authoredOn = null)
    {
        var request = new JsonObject
        {
            ["resourceType"] = "MedicationRequest", ["id"] = id, ["status"] = status, ["intent"] = "order",
            ["medicationCodeableConcept"] = concept, ["subject"] = new JsonObject { ["reference"] = $"Patient/{Patient}" },
        };
        if (authoredOn is not null) request["authoredOn"] = authoredOn;
        return request;
    }

    private static JsonObject Named(string text) => new() { ["text"] = text };

    private static JsonObject Atc(string code, string display) => new()
    {
        ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://www.whocc.no/atc", ["code"] = code, ["display"] = display }),
    };

    private static List<JsonObject> Woman70(params JsonObject[] more) =>
    [
        new() { ["resourceType"] = "Patient", ["id"] = Patient, ["gender"] = "female", ["birthDate"] = "1956-03-01" },
        .. more,
    ];

    private async Task<List<JsonNode>> Sign(List<JsonObject> record, JsonObject drafted, string hook = "order-sign")
    {
        var service = await EhrSimulator.DiscoveredServiceAsync(_client, hook);
        var drafts = new JsonObject
        {
            ["resourceType"] = "Bundle", ["type"] = "collection",
            ["entry"] = new JsonArray(new JsonObject { ["resource"] = Medication("draft-1", drafted, "draft") }),
        };
        var request = new EhrSimulator(record, Patient).Request(service, drafts);
        var response = await _client.PostAsync($"/cds-services/{service["id"]}", ApiFactory.Json(request.ToJsonString()));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.Cards();
    }

    [Fact]
    public async Task Alendronate_for_a_hypercalcaemic_patient_with_low_vitamin_d_suggests_no_vitamin_d()
    {
        var cards = await Sign(Woman70(Lab("62292-8", 14, "ng/mL"), Lab("17861-6", 11.1m, "mg/dL"), Lab("2731-8", 88, "pg/mL")),
            Named("alendronate sodium 70 MG Oral Tablet"));
        var check = cards.Card("ORDER-BISPHOSPHONATE-LOW-VITD");
        Assert.Null(check["suggestions"]);
        Assert.DoesNotContain("50,000", string.Join(" ", cards.Select(c => c.ToJsonString())));
    }

    [Fact]
    public async Task Denosumab_with_egfr_24_and_low_calcium_is_critical()
    {
        var cards = await Sign(Woman70(Lab("62292-8", 35, "ng/mL"), Lab("17861-6", 8.1m, "mg/dL"), Lab("98979-8", 24, "mL/min/{1.73_m2}")),
            Atc("M05BX04", "denosumab"));
        Assert.Equal("critical", cards.Card("ORDER-DENOSUMAB-CKD").Text("indicator"));
        Assert.Contains(cards, c => c.HasRule("ORDER-ANTIRESORPTIVE-HYPOCALCAEMIA"));
    }

    [Fact]
    public async Task Alendronate_with_egfr_28_warns_and_offers_removal()
    {
        var cards = await Sign(Woman70(Lab("62292-8", 35, "ng/mL"), Lab("17861-6", 9.4m, "mg/dL"), Lab("62238-1", 28, "mL/min/{1.73_m2}")),
            Atc("M05BA04", "alendronic acid"));
        var card = cards.Card("ORDER-BISPHOSPHONATE-EGFR");
        Assert.Equal("delete", card.Text("suggestions", 0, "actions", 0, "type"));
        Assert.Equal("MedicationRequest/draft-1", card.Text("suggestions", 0, "actions", 0, "resourceId"));
    }

    [Theory]
    [InlineData("calcitriol 0.25 MCG Oral Capsule")]
    [InlineData("Calcium Carbonate 600 MG / Cholecalciferol 400 UNT Oral Tablet")]
    public async Task Any_vitamin_d_form_with_hypercalcaemia_is_blocked(string drug)
    {
        var cards = await Sign(Woman70(Lab("2000-8", 2.75m, "mmol/L")), Named(drug), "order-select");
        Assert.Equal("warning", cards.Card("ORDER-VITD-HIGH").Text("indicator"));
    }

    [Fact]
    public async Task Teriparatide_with_hypercalcaemia_warns() =>
        Assert.Contains(await Sign(Woman70(Lab("17861-6", 10.9m, "mg/dL")), Named("teriparatide 20 MCG/DOSE")),
            c => c.HasRule("ORDER-ANABOLIC-HYPERCALCAEMIA"));

    [Fact]
    public async Task Vitamin_k1_for_a_patient_on_warfarin_is_critical()
    {
        var warfarin = Medication("med-w", new JsonObject
        {
            ["coding"] = new JsonArray(new JsonObject
            {
                ["system"] = "http://www.nlm.nih.gov/research/umls/rxnorm", ["code"] = "11289", ["display"] = "warfarin",
            }),
        });
        var cards = await Sign(Woman70(warfarin), Named("phytonadione 10 MG/ML Injectable Solution"), "order-select");
        Assert.Equal("critical", cards.Card("ORDER-K2-VKA").Text("indicator"));
    }

    [Fact]
    public async Task A_patient_on_alendronate_for_two_years_is_not_told_to_consider_starting_therapy()
    {
        var record = Woman70(Lab("38264-8", -2.7m, "{T-score}"), Lab("62292-8", 35, "ng/mL"),
            Medication("med-a", Named("alendronate 70 MG Oral Tablet"), authoredOn: "2024-11-01"));
        var service = await EhrSimulator.DiscoveredServiceAsync(_client, "patient-view");
        var response = await _client.PostAsync($"/cds-services/{service["id"]}",
            ApiFactory.Json(new EhrSimulator(record, Patient).Request(service).ToJsonString()));
        var cards = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Cards();
        Assert.DoesNotContain(cards, c => c.HasRule("TREAT-PHARMACOLOGICAL"));
        Assert.Contains("2024-11-01", cards.Card("TREAT-ON-THERAPY").Text("detail"));
    }

    [Fact]
    public async Task A_34_year_old_recorded_as_other_is_not_labelled_osteoporotic()
    {
        var record = new List<JsonObject>
        {
            new() { ["resourceType"] = "Patient", ["id"] = Patient, ["gender"] = "other", ["birthDate"] = "1992-06-01" },
            Lab("38267-1", -2.8m, "{T-score}"), Lab("85394-5", -1.2m, "{Z-score}"),
        };
        var cards = await Sign(record, Named("cholecalciferol 1000 UNT"));
        var service = await EhrSimulator.DiscoveredServiceAsync(_client, "patient-view");
        var response = await _client.PostAsync($"/cds-services/{service["id"]}",
            ApiFactory.Json(new EhrSimulator(record, Patient).Request(service).ToJsonString()));
        var viewCards = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Cards();
        Assert.DoesNotContain(cards.Concat(viewCards), c => c.HasRule("BMD-OSTEOPOROSIS") || c.HasRule("RISK-HIGH"));
    }
}
