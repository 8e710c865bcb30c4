using System.Net;
using System.Text.Json.Nodes;
using BoneCds.Api.Tests.Suppression;
using Microsoft.Extensions.DependencyInjection;

namespace BoneCds.Api.Tests;

/// <summary>
/// clinical-rules.md v4 "Treatment course and continuity" through the service as an EHR calls it: the record filled into the
/// discovery prefetch templates (the <c>administrations</c> key included) by <see cref="EhrSimulator"/>, dates relative to the
/// hosts' clinical day (<see cref="ApiFactory.Today"/>).
/// </summary>
public class TreatmentCourseHookTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Patient = "course-pt";
    private static string DaysAgo(int days) => ApiFactory.Today.AddDays(-days).ToString("yyyy-MM-dd");
    private static string MonthsAgo(int months) => ApiFactory.Today.AddMonths(-months).ToString("yyyy-MM-dd");
    private static JsonObject Subject(string patient) => new() { ["reference"] = $"Patient/{patient}" };
    private static int _n;

    private static JsonObject Administration(string name, string on, string patient = Patient) => new()
    {
        ["resourceType"] = "MedicationAdministration", ["id"] = $"admin-{Interlocked.Increment(ref _n)}", ["status"] = "completed",
        ["medicationCodeableConcept"] = new JsonObject { ["text"] = name }, ["subject"] = Subject(patient), ["effectiveDateTime"] = on,
    };

    private static JsonObject Request(string name, string authoredOn, string status = "active", string? validUntil = null,
        JsonArray? dosage = null, string patient = Patient)
    {
        var request = new JsonObject
        {
            ["resourceType"] = "MedicationRequest", ["id"] = $"med-{Interlocked.Increment(ref _n)}", ["status"] = status, ["intent"] = "order",
            ["medicationCodeableConcept"] = new JsonObject { ["text"] = name }, ["subject"] = Subject(patient), ["authoredOn"] = authoredOn,
        };
        if (validUntil is not null)
            request["dispenseRequest"] = new JsonObject { ["validityPeriod"] = new JsonObject { ["end"] = validUntil } };
        if (dosage is not null) request["dosageInstruction"] = dosage;
        return request;
    }

    private static JsonObject Lab(string loinc, decimal value, string unit, string on, JsonObject? range = null, string patient = Patient)
    {
        var lab = new JsonObject
        {
            ["resourceType"] = "Observation", ["id"] = $"obs-{Interlocked.Increment(ref _n)}", ["status"] = "final",
            ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://loinc.org", ["code"] = loinc }) },
            ["subject"] = Subject(patient), ["effectiveDateTime"] = on,
            ["valueQuantity"] = new JsonObject { ["value"] = value, ["unit"] = unit, ["system"] = "http://unitsofmeasure.org", ["code"] = unit },
        };
        if (range is not null) lab["referenceRange"] = new JsonArray(range);
        return lab;
    }

    private static JsonObject Condition(string icd10, string display, string onset) => new()
    {
        ["resourceType"] = "Condition", ["id"] = $"cond-{Interlocked.Increment(ref _n)}", ["subject"] = Subject(Patient),
        ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject {
            ["system"] = "http://hl7.org/fhir/sid/icd-10-cm", ["code"] = icd10, ["display"] = display }) },
        ["onsetDateTime"] = onset,
    };

    /// <summary>A woman of 72 with a sufficient 25(OH)D, and what the test adds.</summary>
    private static List<JsonObject> Record(string patient, params JsonObject[] more) =>
    [
        new() { ["resourceType"] = "Patient", ["id"] = patient, ["gender"] = "female", ["birthDate"] = "1954-05-01" },
        Lab("62292-8", 34, "ng/mL", DaysAgo(20), patient: patient),
        .. more,
    ];

    private static JsonObject Drafts(string name) => new()
    {
        ["resourceType"] = "Bundle", ["type"] = "collection",
        ["entry"] = new JsonArray(new JsonObject { ["resource"] = new JsonObject
        {
            ["resourceType"] = "MedicationRequest", ["id"] = "draft-1", ["status"] = "draft", ["intent"] = "order",
            ["medicationCodeableConcept"] = new JsonObject { ["text"] = name }, ["subject"] = Subject(Patient),
        } }),
    };

    private static async Task<List<JsonNode>> Call(ApiFactory host, List<JsonObject> record, string hook, string? draft = null,
        string patient = Patient)
    {
        var client = host.CreateClient();
        var service = await EhrSimulator.DiscoveredServiceAsync(client, hook);
        Assert.True(service["prefetch"]!.AsObject().ContainsKey("administrations"));
        var request = new EhrSimulator(record, patient).Request(service, draft is null ? null : Drafts(draft));
        var response = await client.PostAsync($"/cds-services/{service["id"]}", ApiFactory.Json(request.ToJsonString()));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        await host.Services.GetRequiredService<Feedback.IssuedCardRecorder>().FlushAsync(CancellationToken.None);
        return JsonNode.Parse(body)!.Cards();
    }

    private static bool Shows(IEnumerable<JsonNode> cards, string rule) => cards.Any(c => c.HasRule(rule));

    [Fact]
    public async Task Denosumab_given_8_months_ago_is_overdue_on_patient_view_and_at_an_unrelated_order_until_a_bisphosphonate_starts()
    {
        var given = MonthsAgo(8);
        var record = Record(Patient, Administration("denosumab 60 MG/ML Prefilled Syringe [Prolia]", MonthsAgo(14)),
            Administration("denosumab 60 MG/ML Prefilled Syringe [Prolia]", given));
        var view = await Call(factory, record, "patient-view");
        var card = view.Card("DMAB-OVERDUE");
        Assert.Equal("warning", card.Text("indicator"));
        Assert.Contains($"last dose {given}", card.Text("summary"));
        Assert.Contains("course from", card.Text("detail"));
        Assert.Contains("ECTS", card.Text("source", "label"));
        Assert.Contains(await Call(factory, record, "order-select", "atorvastatin 20 MG Oral Tablet"), c => c.HasRule("DMAB-OVERDUE"));

        var started = Record(Patient, [.. record.Skip(2), Request("alendronate 70 MG Oral Tablet", DaysAgo(14))]);
        Assert.False(Shows(await Call(factory, started, "patient-view"), "DMAB-OVERDUE"));
    }

    [Fact]
    public async Task Alendronate_for_six_years_is_reviewed()
    {
        JsonObject[] renewals = [.. Enumerable.Range(1, 6).Select(y => Request("alendronate 70 MG Oral Tablet", MonthsAgo(12 * y), "completed"))];
        var cards = await Call(factory, Record(Patient, [.. renewals, Request("alendronate 70 MG Oral Tablet", DaysAgo(20))]), "patient-view");
        var card = cards.Card("BP-DURATION");
        Assert.StartsWith("Bisphosphonate for 6 years: reassess", card.Text("summary"));
        Assert.Contains($"course from {MonthsAgo(72)}", card.Text("detail"));
        Assert.Contains("ASBMR", card.Text("source", "label"));
    }

    [Fact]
    public async Task An_anabolic_course_stopped_3_months_ago_with_nothing_since_asks_for_an_antiresorptive()
    {
        var record = Record(Patient, Request("teriparatide 20 MCG/DOSE Pen Injector", MonthsAgo(21), "stopped", validUntil: MonthsAgo(3)));
        var card = (await Call(factory, record, "patient-view")).Card("ANABOLIC-FOLLOW-ON");
        Assert.Equal("warning", card.Text("indicator"));
        Assert.Contains($"ended {MonthsAgo(3)}", card.Text("summary"));
    }

    [Fact]
    public async Task Romosozumab_drafted_6_months_after_a_stroke_is_a_critical_check()
    {
        var record = Record(Patient, Condition("I63.9", "Cerebral infarction, unspecified", MonthsAgo(6)), Lab("38267-1", -3.3m, "{T-score}",
            DaysAgo(40)));
        var cards = await Call(factory, record, "order-sign", "romosozumab-aqqg 105 MG/1.17 ML Prefilled Syringe [Evenity]");
        var check = cards.Card("ORDER-ROMOSOZUMAB-CV");
        Assert.Equal("critical", check.Text("indicator"));
        Assert.Contains("Cerebral infarction", check.Text("detail"));
    }

    [Fact]
    public async Task Glucocorticoid_dose_and_alkaline_phosphatase_range_are_read_from_the_prefetch_as_sent()
    {
        var dosage = new JsonArray(new JsonObject
        {
            ["timing"] = new JsonObject { ["repeat"] = new JsonObject { ["frequency"] = 1, ["period"] = 1, ["periodUnit"] = "d" } },
            ["doseAndRate"] = new JsonArray(new JsonObject { ["doseQuantity"] = new JsonObject {
                ["value"] = 7.5, ["unit"] = "mg", ["system"] = "http://unitsofmeasure.org", ["code"] = "mg" } }),
        });
        var low = new JsonObject { ["low"] = new JsonObject { ["value"] = 20, ["unit"] = "U/L" }, ["high"] = new JsonObject { ["value"] = 120, ["unit"] = "U/L" } };
        var record = Record(Patient, Request("predniSONE 2.5 MG Oral Tablet", MonthsAgo(4), dosage: dosage),
            Lab("6768-6", 31, "U/L", DaysAgo(200), low), Lab("6768-6", 33, "U/L", DaysAgo(15), (JsonObject)low.DeepClone()));
        var view = await Call(factory, record, "patient-view");
        Assert.Contains("7.5 mg/day prednisone equivalent", view.Card("GC-OSTEOPOROSIS").Text("detail"));
        var cards = await Call(factory, record, "order-sign", "alendronate 70 MG Oral Tablet");
        Assert.False(Shows(cards, "ORDER-ANTIRESORPTIVE-LOW-ALP")); // low for 40-130, within the lab's own 20-120

        var noRange = Record(Patient, Lab("6768-6", 31, "U/L", DaysAgo(200)), Lab("6768-6", 33, "U/L", DaysAgo(15)));
        var warned = (await Call(factory, noRange, "order-sign", "alendronate 70 MG Oral Tablet")).Card("ORDER-ANTIRESORPTIVE-LOW-ALP");
        Assert.Contains("hypophosphatasia", warned.Text("summary"));
    }

    [Fact]
    public async Task Missing_administrations_are_named_only_for_an_injected_drug_on_record()
    {
        var client = factory.CreateClient();
        var service = await EhrSimulator.DiscoveredServiceAsync(client, "patient-view");
        async Task<List<JsonNode>> WithoutAdministrations(List<JsonObject> record)
        {
            var request = new EhrSimulator(record, Patient).Request(service);
            request["prefetch"]!.AsObject().Remove("administrations");
            var response = await client.PostAsync($"/cds-services/{service["id"]}", ApiFactory.Json(request.ToJsonString()));
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Cards();
        }
        var onDenosumab = await WithoutAdministrations(Record(Patient, Request("denosumab 60 MG/ML Prefilled Syringe", MonthsAgo(5))));
        Assert.Contains("administrations", onDenosumab.Card("INPUT-PREFETCH-MISSING").Text("summary"));
        Assert.False(Shows(await WithoutAdministrations(Record(Patient, Request("alendronate 70 MG Oral Tablet", MonthsAgo(5)))),
            "INPUT-PREFETCH-MISSING"));
    }

    [Fact]
    public async Task Denosumab_overdue_and_anabolic_follow_on_are_shown_despite_patient_refuses()
    {
        using var host = new FeedbackFactory();
        const string patient = "refuses-pt";
        var record = Record(patient, Administration("denosumab 60 MG/ML Prefilled Syringe", MonthsAgo(9), patient),
            Request("romosozumab-aqqg 105 MG/1.17 ML Prefilled Syringe", MonthsAgo(14), "completed", validUntil: MonthsAgo(2),
                patient: patient));
        var first = await Call(host, record, "patient-view", patient: patient);
        foreach (var rule in new[] { "DMAB-OVERDUE", "ANABOLIC-FOLLOW-ON" })
        {
            var card = first.Card(rule);
            Assert.Contains(card["overrideReasons"]!.AsArray(), r => r!["code"]!.GetValue<string>() == "patient-refuses");
            Assert.Equal(HttpStatusCode.OK, (await SuppressionTests.Override(host, card, "patient-refuses")).StatusCode);
        }
        var again = await Call(host, record, "patient-view", patient: patient);
        Assert.True(Shows(again, "DMAB-OVERDUE"));
        Assert.True(Shows(again, "ANABOLIC-FOLLOW-ON"));
    }

    [Fact]
    public async Task The_assessment_api_lists_the_courses_and_the_course_rules_that_fired()
    {
        var record = Record(Patient, Administration("denosumab 60 MG/ML Prefilled Syringe", MonthsAgo(15)),
            Administration("denosumab 60 MG/ML Prefilled Syringe", MonthsAgo(8)));
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle", ["type"] = "collection",
            ["entry"] = new JsonArray([.. record.Select(r => (JsonNode)new JsonObject { ["resource"] = r.DeepClone() })]),
        };
        var response = await factory.CreateClient().PostAsync("/api/v1/assessments", ApiFactory.Json(bundle.ToJsonString(),
            "application/fhir+json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var course = Assert.Single(body["treatmentCourses"]!.AsArray())!;
        Assert.Equal(("denosumab", 2, true), (course["drug"]!.ToString().ToLowerInvariant(), course["doses"]!.GetValue<int>(),
            course["fromAdministrations"]!.GetValue<bool>()));
        Assert.Contains(body["firedRules"]!.AsArray(), h => h!["ruleId"]!.GetValue<string>() == "DMAB-OVERDUE");
    }

    public static TheoryData<string, string, string?, string, string> OtherCourseRules => new()
    {
        // case, hook, draft, expected rule, a phrase the card must carry
        { "denosumab given 190 days ago", "patient-view", null, "DMAB-DUE", "Denosumab due (last dose" },
        { "T-score -3.2", "patient-view", null, "RISK-VERY-HIGH", "anabolic agent first" },
        { "12 romosozumab doses", "order-sign", "romosozumab-aqqg 105 MG/1.17 ML Prefilled Syringe", "ORDER-ROMOSOZUMAB-DOSES", "the course is 12" },
        { "Paget's disease", "order-sign", "teriparatide 20 MCG/DOSE Pen Injector", "ORDER-PTH-ANALOGUE-CONTRAINDICATION", "osteosarcoma" },
        { "teriparatide for 25 months", "order-sign", "teriparatide 20 MCG/DOSE Pen Injector", "ORDER-PTH-ANALOGUE-DURATION", "years of PTH-analogue use" },
    };

    private static JsonObject[] RecordFor(string @case) => @case switch
    {
        "denosumab given 190 days ago" => [Administration("denosumab 60 MG/ML Prefilled Syringe", DaysAgo(190))],
        "T-score -3.2" => [Lab("38267-1", -3.2m, "{T-score}", DaysAgo(40))],
        "12 romosozumab doses" => [.. Enumerable.Range(1, 12).Select(m => Administration("romosozumab-aqqg 105 MG/1.17 ML Prefilled Syringe", MonthsAgo(m)))],
        "Paget's disease" => [Condition("M88.9", "Osteitis deformans of unspecified bone", MonthsAgo(30)), Lab("38267-1", -2.8m, "{T-score}", DaysAgo(40))],
        "teriparatide for 25 months" => [Request("teriparatide 20 MCG/DOSE Pen Injector", MonthsAgo(25))],
        _ => throw new ArgumentOutOfRangeException(nameof(@case)),
    };

    [Theory]
    [MemberData(nameof(OtherCourseRules))]
    public async Task Every_other_v4_rule_and_order_check_comes_through_the_discovery_templates(string @case, string hook, string? draft,
        string rule, string phrase)
    {
        var cards = await Call(factory, Record(Patient, RecordFor(@case)), hook, draft);
        var card = cards.Card(rule);
        Assert.Contains(phrase, card.Text("summary") + card.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_worked_example_for_swagger_gives_denosumab_overdue()
    {
        var client = factory.CreateClient();
        var example = await client.GetStringAsync("/examples/patient-view-denosumab-overdue");
        var response = await client.PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json(example));
        var cards = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Cards();
        Assert.Contains(ApiFactory.Today.AddDays(-240).ToString("yyyy-MM-dd"), cards.Card("DMAB-OVERDUE").Text("summary"));
        Assert.DoesNotContain(cards, c => c.HasRule("INPUT-PREFETCH-MISSING"));
    }
}
