using System.Net;
using System.Text.Json.Nodes;
using BoneCds.Api.Feedback;
using Microsoft.Extensions.DependencyInjection;

namespace BoneCds.Api.Tests.Suppression;

/// <summary>
/// Remembered overrides over HTTP (clinical-rules.md v3 "Remembering the clinician's decisions"): a card dismissed with a
/// reason is left out for that patient and rule, within the limits the spec sets, and never for safety.
/// </summary>
public class SuppressionTests
{
    private const string Hl7 = "http://terminology.hl7.org/CodeSystem/non-adherence-reason-codes";

    /// <summary>Settings with a fixed key so hosts of one test agree (the embedded default would use the key file).</summary>
    public static Dictionary<string, string?> KeySettings(params (string Id, string Key, string? Until)[] keys)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"Suppression:Keys:{i}:Id"] = keys[i].Id;
            settings[$"Suppression:Keys:{i}:Key"] = keys[i].Key;
            if (keys[i].Until is { } until) settings[$"Suppression:Keys:{i}:HonourUntil"] = until;
        }
        return settings;
    }

    public const string KeyOne = "suppression-test-key-one-0123456789abcdef";
    public const string KeyTwo = "suppression-test-key-two-0123456789abcdef";

    /// <summary>The patient-view example, for another patient, clinician or 25(OH)D result when asked.</summary>
    public static string PatientView(string patient = "example-patient", string user = "Practitioner/example",
        string? vitaminDDate = null, decimal? vitaminD = null)
    {
        var json = ApiFactory.Fixture("patient-view.json").Replace("example-patient", patient)
            .Replace("Practitioner/example", user);
        var node = JsonNode.Parse(json)!;
        foreach (var entry in node["prefetch"]!["labs"]!["entry"]!.AsArray())
        {
            var resource = entry!["resource"]!;
            if (resource["code"]?["coding"]?[0]?["code"]?.GetValue<string>() != "62292-8") continue;
            if (vitaminDDate is not null) resource["effectiveDateTime"] = vitaminDDate;
            if (vitaminD is not null) resource["valueQuantity"]!["value"] = vitaminD;
        }
        return node.ToJsonString();
    }

    public static async Task<List<JsonNode>> Hook(ApiFactory host, string body, string service = "bone-health-patient-view")
    {
        var response = await host.CreateClient().PostAsync($"/cds-services/{service}", ApiFactory.Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cards = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Cards();
        await host.Services.GetRequiredService<IssuedCardRecorder>().FlushAsync(CancellationToken.None);
        return cards;
    }

    public static async Task<HttpResponseMessage> Override(ApiFactory host, JsonNode card, string code, string system = Hl7,
        string service = "bone-health-patient-view", string? uuid = null)
    {
        var body = new JsonObject
        {
            ["feedback"] = new JsonArray(new JsonObject
            {
                ["card"] = uuid ?? card.At("uuid").GetValue<string>(), ["outcome"] = "overridden",
                ["overrideReason"] = new JsonObject { ["reason"] = new JsonObject { ["system"] = system, ["code"] = code } },
                ["outcomeTimestamp"] = "2026-11-25T12:06:00Z",
            }),
        };
        return await host.CreateClient().PostAsync($"/cds-services/{service}/feedback", ApiFactory.Json(body.ToJsonString()));
    }

    private static bool Shows(IEnumerable<JsonNode> cards, string rule) => cards.Any(c => c.OwnRule() == rule);

    [Fact]
    public async Task Patient_refuses_hides_that_rule_for_that_patient_only()
    {
        using var host = new FeedbackFactory();
        var cards = await Hook(host, PatientView());
        Assert.Equal(HttpStatusCode.OK, (await Override(host, cards.Card("VITD-DEFICIENT"), "patient-refuses")).StatusCode);

        var again = await Hook(host, PatientView());
        Assert.False(Shows(again, "VITD-DEFICIENT"));
        Assert.True(Shows(again, "NUTRITION")); // another rule for the same patient
        Assert.True(Shows(await Hook(host, PatientView(patient: "another-patient")), "VITD-DEFICIENT"));
    }

    [Fact]
    public async Task A_reused_hook_instance_never_joins_feedback_to_another_patients_card()
    {
        using var host = new FeedbackFactory();
        var first = (await Hook(host, PatientView())).Card("VITD-DEFICIENT");
        var other = (await Hook(host, PatientView(patient: "another-patient"))).Card("VITD-DEFICIENT"); // same hookInstance
        Assert.NotEqual(first.Text("uuid"), other.Text("uuid"));
        await Override(host, other, "patient-refuses");
        Assert.True(Shows(await Hook(host, PatientView()), "VITD-DEFICIENT"));
        Assert.False(Shows(await Hook(host, PatientView(patient: "another-patient")), "VITD-DEFICIENT"));
    }

    [Fact]
    public async Task The_offered_reasons_are_the_hl7_non_adherence_codes()
    {
        using var host = new FeedbackFactory();
        var card = (await Hook(host, PatientView())).Card("VITD-DEFICIENT");
        var reasons = card.At("overrideReasons").AsArray().Select(r => (r!["system"]!.GetValue<string>(), r["code"]!.GetValue<string>()))
            .ToList();
        Assert.All(reasons, r => Assert.Equal(Hl7, r.Item1));
        Assert.Contains(("patient-refuses"), reasons.Select(r => r.Item2));
        Assert.InRange(reasons.Count, 2, 6); // "the few that fit it"
    }

    [Fact]
    public async Task The_cds_hooks_system_is_accepted_too_and_other_systems_suppress_nothing()
    {
        using var host = new FeedbackFactory();
        var cards = await Hook(host, PatientView());
        await Override(host, cards.Card("VITD-DEFICIENT"), "patient-refuses", "http://cds-hooks.hl7.org/CodeSystem/non-adherence-reason");
        await Override(host, cards.Card("NUTRITION"), "patient-refuses", "http://example.org/other-system");
        await Override(host, cards.Card("TREAT-PHARMACOLOGICAL"), "does-not-align-latest-evidence"); // an evidence code
        var again = await Hook(host, PatientView());
        Assert.False(Shows(again, "VITD-DEFICIENT"));
        Assert.True(Shows(again, "NUTRITION"));
        Assert.Equal("warning", again.Card("TREAT-PHARMACOLOGICAL").Text("indicator"));
    }

    [Fact]
    public async Task Refused_pharmacological_therapy_comes_back_as_one_line_of_info()
    {
        using var host = new FeedbackFactory();
        var cards = await Hook(host, PatientView());
        await Override(host, cards.Card("TREAT-PHARMACOLOGICAL"), "patient-refuses");
        var card = (await Hook(host, PatientView())).Card("TREAT-PHARMACOLOGICAL");
        Assert.Equal("info", card.Text("indicator"));
        Assert.Equal("High fracture risk, untreated: declined on 2026-11-25", card.Text("summary"));
        Assert.Null(card["suggestions"]);
    }

    [Fact]
    public async Task Limited_time_applies_to_the_clinician_who_gave_it_and_expires()
    {
        using var host = new FeedbackFactory();
        var cards = await Hook(host, PatientView());
        await Override(host, cards.Card("NUTRITION"), "limited-time");
        Assert.False(Shows(await Hook(host, PatientView()), "NUTRITION"));
        Assert.True(Shows(await Hook(host, PatientView(user: "Practitioner/another")), "NUTRITION"));
        host.Clock.Advance(TimeSpan.FromHours(25));
        Assert.True(Shows(await Hook(host, PatientView()), "NUTRITION"));
    }

    [Fact]
    public async Task A_newer_result_and_an_escalation_re_arm()
    {
        using var host = new FeedbackFactory();
        var cards = await Hook(host, PatientView());
        await Override(host, cards.Card("VITD-DEFICIENT"), "indication-order-exists");
        await Override(host, cards.Card("NUTRITION"), "patient-refuses");
        Assert.False(Shows(await Hook(host, PatientView()), "VITD-DEFICIENT"));
        Assert.True(Shows(await Hook(host, PatientView(vitaminDDate: "2026-11-20")), "VITD-DEFICIENT"));
        // Worse: severe deficiency is its own card, and the nutrition card (resting on bone results) is unchanged.
        var severe = await Hook(host, PatientView(vitaminD: 8));
        Assert.True(Shows(severe, "VITD-SEVERE"));
        Assert.False(Shows(severe, "NUTRITION"));
    }

    [Fact]
    public async Task Critical_cards_safety_warnings_and_order_checks_are_never_suppressed()
    {
        using var host = new FeedbackFactory();
        var order = await Hook(host, ApiFactory.Fixture("order-select.json"), "bone-health-order-select");
        var k2 = order.Card("ORDER-K2-VKA");
        Assert.Equal(HttpStatusCode.OK,
            (await Override(host, k2, "patient-refuses", service: "bone-health-order-select")).StatusCode);
        Assert.True(Shows(await Hook(host, ApiFactory.Fixture("order-select.json"), "bone-health-order-select"), "ORDER-K2-VKA"));

        var toxic = await Hook(host, PatientView(vitaminD: 160));
        var critical = toxic.Single(c => c.Text("indicator") == "critical");
        await Override(host, critical, "risk-benefit-ratio");
        Assert.Contains(await Hook(host, PatientView(vitaminD: 160)), c => c.OwnRule() == critical.OwnRule());
    }

    [Fact]
    public async Task Repeated_feedback_is_idempotent_and_unknown_cards_change_nothing()
    {
        using var host = new FeedbackFactory();
        var cards = await Hook(host, PatientView());
        var card = cards.Card("VITD-DEFICIENT");
        await Override(host, card, "patient-refuses");
        await Override(host, card, "patient-refuses");
        var store = host.Services.GetRequiredService<IFeedbackStore>();
        var keys = host.Services.GetRequiredService<Api.Suppression.PatientKeyring>()
            .PatientLookups("https://ehr.example.org/fhir", "example-patient", host.Clock.GetUtcNow()); // the fixture's fhirServer
        var live = await store.LiveSuppressionsAsync(keys, host.Clock.GetUtcNow(), CancellationToken.None);
        Assert.Single(live);
        Assert.Equal(host.Clock.GetUtcNow().AddDays(180), live[0].EndsAt);
        // The issued-card record keeps the card's rule and indicator beside the pseudonyms, never the patient id.
        var issued = (await store.IssuedCardsAsync("development", [card.Text("uuid")], CancellationToken.None))[card.Text("uuid")];
        Assert.Equal(("VITD-DEFICIENT", "warning"), (issued.RuleId, issued.Indicator));
        Assert.DoesNotContain("example-patient", issued.PatientKey);
        Assert.StartsWith("local:", issued.PatientKey);

        var unknown = await Override(host, card, "patient-refuses", uuid: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Single(await store.LiveSuppressionsAsync(keys, host.Clock.GetUtcNow(), CancellationToken.None));
        Assert.True(Shows(await Hook(host, PatientView()), "NUTRITION"));
    }

    [Fact]
    public async Task A_rotated_key_is_honoured_in_its_window_only()
    {
        var db = Path.Combine(Path.GetTempPath(), $"bonecds-test-{Guid.NewGuid():N}.db");
        using (var before = new FeedbackFactory { Extra = KeySettings(("k1", KeyOne, null)), FeedbackDb = db })
            await Override(before, (await Hook(before, PatientView())).Card("VITD-DEFICIENT"), "patient-refuses");

        using (var rotated = new FeedbackFactory
               {
                   Extra = KeySettings(("k2", KeyTwo, null), ("k1", KeyOne, "2027-01-01T00:00:00Z")), FeedbackDb = db,
               })
            Assert.False(Shows(await Hook(rotated, PatientView()), "VITD-DEFICIENT"));

        using var retired = new FeedbackFactory
        {
            Extra = KeySettings(("k2", KeyTwo, null), ("k1", KeyOne, "2026-11-01T00:00:00Z")), FeedbackDb = db,
        };
        Assert.True(Shows(await Hook(retired, PatientView()), "VITD-DEFICIENT"));
    }

    [PostgresFact]
    public async Task Feedback_through_one_replica_suppresses_on_the_other()
    {
        var settings = KeySettings(("k1", KeyOne, null));
        settings["Feedback:Provider"] = "postgres";
        settings["Feedback:PostgresConnectionString"] = await ReplicaTests.FreshSchemaAsync();
        settings["Suppression:NothingSuppressedCacheSeconds"] = "1";
        using var first = new FeedbackFactory { Extra = settings };
        using var second = new FeedbackFactory { Extra = settings };
        var cards = await Hook(first, PatientView());
        Assert.Equal(HttpStatusCode.OK, (await Override(first, cards.Card("VITD-DEFICIENT"), "patient-refuses")).StatusCode);
        var onSecond = await Hook(second, PatientView());
        Assert.False(Shows(onSecond, "VITD-DEFICIENT"));
        Assert.True(Shows(onSecond, "NUTRITION"));
        // And the other way round: the second replica's feedback is seen by the first.
        await Override(second, onSecond.Card("NUTRITION"), "indication-order-exists");
        Assert.False(Shows(await Hook(first, PatientView()), "NUTRITION"));

        // A replica that has just seen "nothing suppressed" for a patient sees another replica's feedback within
        // Suppression:NothingSuppressedCacheSeconds (1 s here).
        Assert.True(Shows(await Hook(first, PatientView("third-patient")), "VITD-DEFICIENT"));
        var third = await Hook(second, PatientView("third-patient"));
        await Override(second, third.Card("VITD-DEFICIENT"), "patient-refuses");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(Shows(await Hook(first, PatientView("third-patient")), "VITD-DEFICIENT"));
    }

    [Fact]
    public async Task The_assessment_lists_the_suppressions_and_the_committee_can_lift_them()
    {
        using var host = new FeedbackFactory();
        var cards = await Hook(host, PatientView());
        await Override(host, cards.Card("VITD-DEFICIENT"), "patient-refuses");
        await Override(host, cards.Card("NUTRITION"), "limited-time");
        var client = host.CreateClient();

        var other = await client.PostAsync(
            $"/api/v1/assessments?patientId=another-patient&fhirServer={Uri.EscapeDataString("https://ehr.example.org/fhir")}",
            ApiFactory.Json(PatientViewAsBundleFor("another-patient"), "application/fhir+json"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Empty(JsonNode.Parse(await other.Content.ReadAsStringAsync())!.At("suppressedRules").AsArray());

        var ours = await client.PostAsync(
            $"/api/v1/assessments?patientId=example-patient&fhirServer={Uri.EscapeDataString("https://ehr.example.org/fhir")}",
            ApiFactory.Json(PatientViewAsBundleFor("example-patient"), "application/fhir+json"));
        var rules = JsonNode.Parse(await ours.Content.ReadAsStringAsync())!.At("suppressedRules").AsArray();
        Assert.Equal(["NUTRITION", "VITD-DEFICIENT"], rules.Select(r => r!["ruleId"]!.GetValue<string>()));
        Assert.True(rules[0]!["clinicianOnly"]!.GetValue<bool>());
        Assert.Equal("patient-refuses", rules[1]!["reasonCode"]!.GetValue<string>());

        var lift = new HttpRequestMessage(HttpMethod.Delete,
            $"/api/v1/suppressions?fhirServer={Uri.EscapeDataString("https://ehr.example.org/fhir")}&patientId=example-patient"
            + "&ruleId=VITD-DEFICIENT");
        lift.Headers.Add("X-Api-Key", "governance-key");
        var lifted = await client.SendAsync(lift);
        Assert.Equal(1, JsonNode.Parse(await lifted.Content.ReadAsStringAsync())!.At("lifted").GetValue<int>());
        Assert.True(Shows(await Hook(host, PatientView()), "VITD-DEFICIENT"));
    }

    /// <summary>The patient-view example's prefetch as one collection Bundle for the assessment API.</summary>
    private static string PatientViewAsBundleFor(string patient)
    {
        var prefetch = JsonNode.Parse(PatientView(patient))!["prefetch"]!.AsObject();
        var entries = new JsonArray();
        foreach (var (_, value) in prefetch)
        {
            if (value?["resourceType"]?.GetValue<string>() == "Bundle")
                foreach (var e in value["entry"]?.AsArray() ?? []) entries.Add(new JsonObject { ["resource"] = e!["resource"]!.DeepClone() });
            else if (value is not null) entries.Add(new JsonObject { ["resource"] = value.DeepClone() });
        }
        return new JsonObject { ["resourceType"] = "Bundle", ["type"] = "collection", ["entry"] = entries }.ToJsonString();
    }
}
