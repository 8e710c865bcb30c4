using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BoneCds.Api.Tests;

public class CdsHooksTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<JsonNode> PostHook(string id, string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _client.PostAsync($"/cds-services/{id}", ApiFactory.Json(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }


    [Fact]
    public async Task Discovery_lists_three_services_with_prefetch_templates()
    {
        var doc = JsonNode.Parse(await _client.GetStringAsync("/cds-services"))!;
        var services = doc["services"]!.AsArray();
        Assert.Equal(new[] { "patient-view", "order-select", "order-sign" }, services.Select(s => s!["hook"]!.GetValue<string>()));
        foreach (var s in services)
        {
            Assert.False(string.IsNullOrEmpty(s!["id"]!.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(s.Text("title")));
            Assert.False(string.IsNullOrEmpty(s.Text("description")));
            var prefetch = s["prefetch"]!.AsObject();
            Assert.Equal("Patient/{{context.patientId}}", prefetch.Text("patient"));
            Assert.Contains("62292-8", prefetch.Text("labs"));
            Assert.Contains("MedicationRequest?", prefetch.Text("medications"));
        }
    }

    [Fact]
    public async Task Patient_view_vignette_gives_repletion_and_osteoporosis_cards()
    {
        var response = await PostHook("bone-health-patient-view", ApiFactory.Fixture("patient-view.json"));
        Assert.Null(response["systemActions"]); // optional and empty: omitted (CDS Hooks 2.0)
        var cards = response.Cards();
        var vitD = cards.Card("VITD-DEFICIENT");
        Assert.Equal("warning", vitD.Text("indicator"));
        Assert.Contains("secondary hyperparathyroidism", vitD.Text("summary") + vitD["detail"], StringComparison.OrdinalIgnoreCase);
        var resource = vitD.At("suggestions", 0, "actions", 0, "resource");
        Assert.Equal("MedicationRequest", resource.Text("resourceType"));
        Assert.Equal("Patient/example-patient", resource.At("subject", "reference").GetValue<string>());
        var osteo = cards.Single(c => c.HasRule("BMD-OSTEOPOROSIS") && c.HasRule("RISK-HIGH"));
        Assert.Contains("Osteoporosis", osteo.Text("summary"));
        Assert.Contains(cards, c => c.HasRule("SUPP-K2"));
        Assert.Equal(3, cards.Count); // v3 "Fewer, better cards": deficiency, therapy, and one nutrition card
    }

    [Fact]
    public async Task Same_patient_on_warfarin_gets_no_k2_suggestion_and_a_card_saying_why()
    {
        var cards = (await PostHook("bone-health-patient-view", ApiFactory.Fixture("patient-view-warfarin.json"))).Cards();
        Assert.DoesNotContain(cards, c => c.HasRule("SUPP-K2"));
        var why = cards.Card("SAFETY-K2-VKA");
        Assert.Contains("warfarin", why.Text("summary"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("K2", string.Join(" ", cards.SelectMany(c => c["suggestions"]?.AsArray() ?? []).Select(s => s!["label"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Order_sign_with_bisphosphonate_and_low_vitamin_d_warns()
    {
        var cards = (await PostHook("bone-health-order-sign", ApiFactory.Fixture("order-sign.json"))).Cards();
        var card = cards.Card("ORDER-BISPHOSPHONATE-LOW-VITD");
        Assert.Equal("warning", card.Text("indicator"));
        Assert.DoesNotContain(cards, c => c.Text("indicator") == "info");
    }

    [Fact]
    public async Task Order_select_k2_for_warfarin_patient_is_critical()
    {
        var cards = (await PostHook("bone-health-order-select", ApiFactory.Fixture("order-select.json"))).Cards();
        var card = cards.Card("ORDER-K2-VKA");
        Assert.Equal("critical", card.Text("indicator"));
        Assert.Equal("delete", card.At("suggestions", 0, "actions", 0, "type").GetValue<string>());
    }

    [Fact]
    public async Task Missing_prefetch_is_said_in_a_card_and_k2_is_withheld()
    {
        var req = JsonNode.Parse(ApiFactory.Fixture("patient-view.json"))!;
        req["prefetch"]!.AsObject().Remove("medications");
        var cards = (await PostHook("bone-health-patient-view", req.ToJsonString())).Cards();
        Assert.Contains(cards, c => c.HasRule("INPUT-PREFETCH-MISSING") && c.Text("summary").Contains("medications"));
        var nutrition = cards.Card("NUTRITION");
        Assert.Contains("Vitamin K2: not suggested", nutrition.Text("detail"));
        Assert.DoesNotContain(nutrition["suggestions"]!.AsArray(), s => s!.Text("label").Contains("K2"));
    }

    [Fact]
    public async Task Unknown_service_is_404_problem()
    {
        var response = await _client.PostAsync("/cds-services/nope", ApiFactory.Json(ApiFactory.Fixture("patient-view.json")));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "{not json", "not valid JSON" },
        { "[]", "JSON object" },
        { """{"hookInstance":"x","context":{"patientId":"p"}}""", "'hook' is required" },
        { """{"hook":"order-sign","hookInstance":"x","context":{"patientId":"p"}}""", "answers the 'patient-view' hook" },
        { """{"hook":"patient-view","hookInstance":"x"}""", "'context' is required" },
        { """{"hook":"patient-view","hookInstance":"x","context":{}}""", "context.patientId" },
        { """{"hook":"patient-view","hookInstance":"x","context":{"patientId":"p"},"prefetch":{"patient":{"resourceType":"Spaceship"}}}""", "Spaceship" },
        { """{"hook":"patient-view","hookInstance":"x","context":{"patientId":"p"},"prefetch":{"patient":{"id":"p"}}}""", "has no 'resourceType'" },
        { """{"hook":"patient-view","hookInstance":"x","context":{"patientId":"p"},"prefetch":[1]}""", "'prefetch' must be an object" },
        { """{"hook":"patient-view","hookInstance":"x","context":{"patientId":"p"}} {"hook":"order-sign"}""", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Malformed_requests_get_400_problem_details_saying_what_is_wrong(string body, string expected)
    {
        var problem = await PostHook("bone-health-patient-view", body, HttpStatusCode.BadRequest);
        Assert.Equal(400, problem.At("status").GetValue<int>());
        Assert.Contains(expected, problem.Text("detail"));
    }

    [Fact]
    public async Task Order_sign_without_draft_orders_is_400()
    {
        var problem = await PostHook("bone-health-order-sign", """{"hook":"order-sign","hookInstance":"x","context":{"patientId":"p"}}""", HttpStatusCode.BadRequest);
        Assert.Contains("draftOrders", problem.Text("detail"));
    }

    [Fact]
    public async Task Invalid_observation_is_reported_in_a_card_not_guessed()
    {
        var req = JsonNode.Parse(ApiFactory.Fixture("patient-view.json"))!;
        var entries = req["prefetch"]!["labs"]!["entry"]!.AsArray();
        entries[0]!["resource"]!["status"] = "entered-in-error";
        entries[1]!["resource"]!["valueQuantity"]!.AsObject().Remove("unit");
        entries[1]!["resource"]!["valueQuantity"]!.AsObject().Remove("code");
        var cards = (await PostHook("bone-health-patient-view", req.ToJsonString())).Cards();
        Assert.DoesNotContain(cards, c => c.HasRule("VITD-DEFICIENT"));
        var rejected = cards.Card("INPUT-REJECTED")["detail"]!.GetValue<string>();
        Assert.Contains("Observation/vitd-1", rejected);
        Assert.Contains("entered-in-error", rejected);
        Assert.Contains("Observation/pth-1", rejected);
        Assert.Contains("missing unit", rejected);
    }

    [Fact]
    public async Task Oversized_body_is_413_problem()
    {
        var big = "{\"hook\":\"patient-view\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"p\"},\"pad\":\"" + new string('a', 1100 * 1024) + "\"}";
        var response = await _client.PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Wrong_media_type_is_415()
    {
        var response = await _client.PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json("{}", "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}

public class PrefetchKeyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Data_under_other_prefetch_keys_is_used_and_not_called_missing()
    {
        var req = JsonNode.Parse(ApiFactory.Fixture("patient-view-warfarin.json"))!;
        var prefetch = req["prefetch"]!.AsObject();
        var meds = prefetch["medications"]!.DeepClone();
        prefetch.Remove("medications");
        prefetch["activeMeds"] = meds;
        var response = await factory.CreateClient().PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json(req.ToJsonString()));
        var cards = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["cards"]!.AsArray();
        Assert.DoesNotContain(cards, c => c.HasRule("INPUT-PREFETCH-MISSING"));
        Assert.Contains(cards, c => c.HasRule("SAFETY-K2-VKA"));
    }
}

public class RobustnessTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("status", "\"finalised\"", "'finalised' is not a correct code")]
    [InlineData("effectiveDateTime", "\"2026-02-31\"", "2026-02-31")]
    [InlineData("valueQuantity", "{\"value\":\"twelve\",\"unit\":\"ng/mL\"}", "Observation/vitd-1")]
    public async Task Observation_that_does_not_fit_the_fhir_model_is_rejected_not_a_500(string element, string json, string expected)
    {
        var req = JsonNode.Parse(ApiFactory.Fixture("patient-view.json"))!;
        req["prefetch"]!["labs"]!["entry"]![0]!["resource"]![element] = JsonNode.Parse(json);
        var response = await factory.CreateClient().PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json(req.ToJsonString()));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var cards = JsonNode.Parse(body)!.Cards();
        Assert.DoesNotContain(cards, c => c.HasRule("VITD-DEFICIENT"));
        var rejected = cards.Card("INPUT-REJECTED").Text("detail");
        Assert.Contains(expected, rejected);
    }

    [Theory]
    [InlineData("perf/order-sign-50.json")]
    [InlineData("perf/order-sign-500.json")]
    public async Task Benchmark_payloads_are_answered_with_order_cards(string fixture)
    {
        var response = await factory.CreateClient().PostAsync("/cds-services/bone-health-order-sign", ApiFactory.Json(ApiFactory.Fixture(fixture)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.NotEmpty(JsonNode.Parse(body)!["cards"]!.AsArray());
    }
}

/// <summary>
/// Every element of the worked examples replaced by values of the wrong shape or removed: the service answers 200 or 400,
/// never 500. (Found real defects while the SDK validator was off: a number as an id, an object as Bundle.entry, a null entry.)
/// </summary>
public class WrongShapeTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly JsonNode?[] Values = [null, 123, -1.5, "x", "", new JsonArray(), new JsonObject(), new JsonArray(1), true, "2026-02-30", new JsonArray((JsonNode?)null)];

    public static TheoryData<string, string> Examples => new()
    {
        { "patient-view", "/cds-services/bone-health-patient-view" },
        { "patient-view-denosumab-overdue", "/cds-services/bone-health-patient-view" },
        { "order-select", "/cds-services/bone-health-order-select" },
        { "assessment-bundle", "/api/v1/assessments" },
        { "feedback", "/cds-services/bone-health-patient-view/feedback" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task No_element_of_wrong_shape_causes_a_500(string example, string url)
    {
        var client = factory.CreateClient();
        var original = JsonNode.Parse(await client.GetStringAsync($"/examples/{example}"))!;
        var failures = new List<string>();
        foreach (var path in Paths(original).Skip(1))
        {
            foreach (var value in Values.Append(Remove))
            {
                var doc = original.DeepClone();
                Set(doc, path, value);
                var response = await client.PostAsync(url, ApiFactory.Json(doc.ToJsonString()));
                if ((int)response.StatusCode >= 500) failures.Add($"{string.Join('.', path)} = {value?.ToJsonString() ?? "null"}");
            }
        }
        Assert.Empty(failures);
    }

    private static readonly JsonNode Remove = JsonValue.Create("(removed)")!;

    private static IEnumerable<object[]> Paths(JsonNode node, object[]? prefix = null)
    {
        prefix ??= [];
        yield return prefix;
        if (node is JsonObject o)
            foreach (var (k, v) in o) if (v is not null) foreach (var p in Paths(v, [.. prefix, k])) yield return p;
        if (node is JsonArray a)
            for (var i = 0; i < Math.Min(a.Count, 2); i++) if (a[i] is { } v) foreach (var p in Paths(v, [.. prefix, i])) yield return p;
    }

    private static void Set(JsonNode doc, object[] path, JsonNode? value)
    {
        var parent = path[..^1].Aggregate(doc, (n, k) => k is int i ? n[i]! : n[(string)k]!);
        var last = path[^1];
        var isRemove = ReferenceEquals(value, Remove);
        if (last is int idx) { if (isRemove) parent.AsArray().RemoveAt(idx); else parent[idx] = value?.DeepClone(); }
        else if (isRemove) parent.AsObject().Remove((string)last);
        else parent[(string)last] = value?.DeepClone();
    }
}
