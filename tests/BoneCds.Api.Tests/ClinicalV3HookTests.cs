using System.Net;
using System.Text.Json.Nodes;

namespace BoneCds.Api.Tests;

/// <summary>clinical-rules.md v3 through the service, with records shaped as EHRs and transaction Bundles send them.</summary>
public class ClinicalV3HookTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string WarfarinUuid = "urn:uuid:5e1b1f3c-7d7a-4f33-9f0e-0a1b2c3d4e5f";

    /// <summary>A warfarin order that names its Medication by the entry's fullUrl, as Synthea and transaction Bundles do.</summary>
    private static JsonArray WarfarinByUuid() =>
    [
        new JsonObject
        {
            ["fullUrl"] = WarfarinUuid,
            ["resource"] = new JsonObject
            {
                ["resourceType"] = "Medication",
                ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject {
                    ["system"] = "http://www.nlm.nih.gov/research/umls/rxnorm", ["code"] = "855332",
                    ["display"] = "warfarin sodium 5 MG Oral Tablet" }) },
            },
        },
        new JsonObject
        {
            ["fullUrl"] = "urn:uuid:0f0e0d0c-0000-4000-8000-000000000009",
            ["resource"] = new JsonObject
            {
                ["resourceType"] = "MedicationRequest", ["status"] = "active", ["intent"] = "order",
                ["medicationReference"] = new JsonObject { ["reference"] = WarfarinUuid },
                ["subject"] = new JsonObject { ["reference"] = "Patient/example-patient" },
            },
        },
    ];

    [Fact]
    public async Task A_urn_uuid_warfarin_medication_gets_the_critical_vitamin_k_check_at_order_select()
    {
        var request = JsonNode.Parse(ApiFactory.Fixture("order-select.json"))!;
        request["prefetch"]!["medications"]!["entry"] = WarfarinByUuid();
        var response = await factory.CreateClient().PostAsync("/cds-services/bone-health-order-select",
            ApiFactory.Json(request.ToJsonString()));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var card = JsonNode.Parse(body)!.Cards().Card("ORDER-K2-VKA");
        Assert.Equal("critical", card.Text("indicator"));
        Assert.Contains("warfarin", card.Text("summary"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_transaction_bundle_with_a_urn_uuid_warfarin_gets_no_vitamin_k2_suggestion()
    {
        var request = JsonNode.Parse(ApiFactory.Fixture("order-select.json"))!;
        var entries = new JsonArray();
        foreach (var (_, value) in request["prefetch"]!.AsObject())
        {
            if (value?["resourceType"]?.GetValue<string>() == "Bundle")
            {
                foreach (var e in value["entry"]!.AsArray())
                    if (e!["resource"]!["resourceType"]!.GetValue<string>() != "MedicationRequest") entries.Add(e.DeepClone());
            }
            else entries.Add(new JsonObject { ["fullUrl"] = "urn:uuid:patient-1", ["resource"] = value!.DeepClone() });
        }
        foreach (var e in WarfarinByUuid()) entries.Add(e!.DeepClone());
        var bundle = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "transaction", ["entry"] = entries };
        var response = await factory.CreateClient().PostAsync("/api/v1/assessments", ApiFactory.Json(bundle.ToJsonString(),
            "application/fhir+json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("vitaminKAntagonist", body["activeMedications"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(body.Cards(), c => c.HasRule("SAFETY-K2-VKA"));
        Assert.DoesNotContain("menaquinone", body["cards"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Discovery_asks_per_data_group_with_the_recommended_query_parts_only()
    {
        var discovery = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/cds-services"))!;
        foreach (var service in discovery["services"]!.AsArray())
        {
            var prefetch = service!["prefetch"]!.AsObject();
            Assert.Equal(["patient", "labs", "densitometry", "medications", "conditions", "administrations"], prefetch.Select(p => p.Key));
            Assert.All(prefetch, p => Assert.DoesNotContain("_include", p.Value!.GetValue<string>()));
            var (labs, densitometry) = (prefetch["labs"]!.GetValue<string>(), prefetch["densitometry"]!.GetValue<string>());
            Assert.Contains("62292-8", labs);          // 25(OH)D with the labs
            Assert.DoesNotContain("38267-1", labs);    // the spine T-score is not
            Assert.Contains("38267-1", densitometry);
            Assert.Contains("90265-0", densitometry);  // FRAX
            Assert.All(new[] { labs, densitometry }, q => Assert.Contains("_sort=-date&_count=", q));
            Assert.Contains("status=active,on-hold,completed,stopped", prefetch["medications"]!.GetValue<string>());
        }
    }

    /// <summary>
    /// A draft as the CDS Hooks sandbox sends it at order-select: category as a single object (not an array), RxNorm clinical-drug
    /// codes, a dosage instruction.
    /// </summary>
    private static JsonObject SandboxDraft(string id, string rxnorm, string display) => new()
    {
        ["resourceType"] = "MedicationRequest", ["id"] = id, ["status"] = "draft", ["intent"] = "order",
        ["category"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject {
            ["system"] = "http://terminology.hl7.org/CodeSystem/medicationrequest-category", ["code"] = "outpatient" }) },
        ["medicationCodeableConcept"] = new JsonObject
        {
            ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://www.nlm.nih.gov/research/umls/rxnorm",
                ["code"] = rxnorm, ["display"] = display }),
            ["text"] = display,
        },
        ["subject"] = new JsonObject { ["reference"] = "Patient/example-patient" },
        ["dosageInstruction"] = new JsonArray(new JsonObject { ["text"] = "1 tablet by mouth", ["timing"] = new JsonObject {
            ["repeat"] = new JsonObject { ["frequency"] = 1, ["period"] = 1, ["periodUnit"] = "d" } } }),
    };

    private async Task<List<JsonNode>> OrderSelectAsync(JsonObject draft)
    {
        var request = JsonNode.Parse(ApiFactory.Fixture("order-select.json"))!;
        request["context"]!["draftOrders"]!["entry"] = new JsonArray(new JsonObject { ["resource"] = draft });
        request["context"]!["selections"] = new JsonArray($"MedicationRequest/{draft["id"]}");
        var response = await factory.CreateClient().PostAsync("/cds-services/bone-health-order-select",
            ApiFactory.Json(request.ToJsonString()));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.Cards();
    }

    private static IEnumerable<string> VitaminDCreates(IEnumerable<JsonNode> cards) =>
        cards.SelectMany(c => c["suggestions"]?.AsArray() ?? []).SelectMany(s => s!["actions"]!.AsArray())
            .Where(a => a!["type"]!.GetValue<string>() == "create" && a["description"]!.GetValue<string>().Contains("Vitamin D3"))
            .Select(a => a!["description"]!.GetValue<string>());

    [Fact]
    public async Task A_sandbox_cholecalciferol_draft_gets_no_second_vitamin_d_create()
    {
        var cards = await OrderSelectAsync(SandboxDraft("draft-d3", "636676", "cholecalciferol 1000 UNT Oral Tablet"));
        Assert.Empty(VitaminDCreates(cards));
        var deficiency = cards.Card("VITD-DEFICIENT");
        Assert.Contains("Vitamin D is being ordered (cholecalciferol 1000 UNT Oral Tablet)", deficiency.Text("detail"));
        Assert.Contains("6,000 IU daily for 8 weeks", deficiency.Text("detail"));
    }

    [Fact]
    public async Task A_sandbox_alendronate_cholecalciferol_draft_keeps_one_repletion_and_says_the_combination_does_not_replete()
    {
        const string name = "alendronic acid 70 MG / cholecalciferol 70 MCG Oral Tablet";
        var cards = await OrderSelectAsync(SandboxDraft("draft-fosamax-plus-d", "904419", name));
        var check = cards.Card("ORDER-BISPHOSPHONATE-LOW-VITD");
        Assert.Contains(name, check.Text("summary"));                       // named whole: no word cut
        Assert.DoesNotContain("...", check.Text("summary"));
        Assert.Contains("does not treat vitamin D deficiency", check.Text("detail"));
        Assert.Single(VitaminDCreates(cards));                               // one repletion create in the answer
        Assert.Single(check["suggestions"]!.AsArray());
        Assert.DoesNotContain(cards, c => c.HasRule("TREAT-PHARMACOLOGICAL")); // the draft is the treatment being started
        Assert.All(cards, c => Assert.True(c.Text("summary").Length <= 140));
    }

    [Fact]
    public async Task The_assessment_lists_a_dxa_score_not_used_for_the_category_with_the_reason()
    {
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle", ["type"] = "collection",
            ["entry"] = new JsonArray(
                new JsonObject { ["resource"] = new JsonObject { ["resourceType"] = "Patient", ["id"] = "w45", ["gender"] = "female",
                    ["birthDate"] = "1981-03-02" } },
                new JsonObject { ["resource"] = new JsonObject
                {
                    ["resourceType"] = "Observation", ["id"] = "t-45", ["status"] = "final",
                    ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject {
                        ["system"] = "http://loinc.org", ["code"] = "80946-7" }) },
                    ["subject"] = new JsonObject { ["reference"] = "Patient/w45" }, ["effectiveDateTime"] = "2026-10-01",
                    ["valueQuantity"] = new JsonObject { ["value"] = -2.8, ["unit"] = "{T-Score}" },
                } }),
        };
        var response = await factory.CreateClient().PostAsync("/api/v1/assessments", ApiFactory.Json(bundle.ToJsonString(),
            "application/fhir+json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var unused = body.At("boneDensity", "scoresNotUsed", 0);
        Assert.Equal("T-score", unused.Text("score"));
        Assert.Equal(-2.8m, unused.At("measurement", "value").GetValue<decimal>());
        Assert.Contains("under 50", unused.Text("reason"));
        Assert.Contains(body.Cards(), c => c.OwnRule() == "BMD-SCORES-NOT-USED");
    }
}
