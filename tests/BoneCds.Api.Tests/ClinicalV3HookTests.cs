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
            Assert.Equal(["patient", "labs", "densitometry", "medications", "conditions"], prefetch.Select(p => p.Key));
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
}
