using System.Globalization;
using System.Text.Json.Nodes;

namespace BoneCds.Api.Tests.Browser;

/// <summary>
/// The prepared history the mock EHR serves: ten years of monthly 25(OH)D (every sixth in nmol/L), DXA T-scores at three sites,
/// PTH and calcium in both unit systems, one entered-in-error result, and vitamin D, alendronate and denosumab orders.
/// </summary>
public static class SmartAppHistory
{
    public sealed record Expected(string Loinc, decimal Value, string Unit, string Date);

    private static int _n;

    private static JsonObject Observation(string loinc, decimal value, string unit, string date, string status = "final") => new()
    {
        ["resourceType"] = "Observation", ["id"] = $"o{Interlocked.Increment(ref _n)}", ["status"] = status,
        ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://loinc.org", ["code"] = loinc }) },
        ["subject"] = new JsonObject { ["reference"] = $"Patient/{MockSmartEhr.Patient}" },
        ["effectiveDateTime"] = date,
        ["valueQuantity"] = new JsonObject { ["value"] = value, ["unit"] = unit, ["system"] = "http://unitsofmeasure.org", ["code"] = unit },
    };

    private static JsonObject Order(string name, string status, string authoredOn, string? validUntil = null)
    {
        var order = new JsonObject
        {
            ["resourceType"] = "MedicationRequest", ["id"] = $"m{Interlocked.Increment(ref _n)}", ["status"] = status, ["intent"] = "order",
            ["medicationCodeableConcept"] = new JsonObject { ["text"] = name },
            ["subject"] = new JsonObject { ["reference"] = $"Patient/{MockSmartEhr.Patient}" }, ["authoredOn"] = authoredOn,
        };
        if (validUntil is not null) order["dispenseRequest"] = new JsonObject { ["validityPeriod"] = new JsonObject { ["end"] = validUntil } };
        return order;
    }

    private static JsonObject Fracture(string icd10, string display, string onset, string verification = "confirmed") => new()
    {
        ["resourceType"] = "Condition", ["id"] = $"c{Interlocked.Increment(ref _n)}",
        ["code"] = new JsonObject { ["text"] = display, ["coding"] = new JsonArray(new JsonObject {
            ["system"] = "http://hl7.org/fhir/sid/icd-10-cm", ["code"] = icd10, ["display"] = display }) },
        ["verificationStatus"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject {
            ["system"] = "http://terminology.hl7.org/CodeSystem/condition-ver-status", ["code"] = verification }) },
        ["subject"] = new JsonObject { ["reference"] = $"Patient/{MockSmartEhr.Patient}" }, ["onsetDateTime"] = onset,
    };

    public static List<JsonObject> Full()
    {
        var history = new List<JsonObject>();
        var first = new DateOnly(2016, 1, 15);
        for (var month = 0; month < 120; month++)
        {
            var date = first.AddMonths(month).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var ng = 9 + month % 37;
            history.Add(month % 6 == 5 ? Observation("62292-8", Math.Round(ng * 2.496m, 1), "nmol/L", date) : Observation("62292-8", ng, "ng/mL", date));
        }
        foreach (var (year, spine, hip, neck) in new[] { (2018, -2.1m, -1.6m, -2.0m), (2021, -2.6m, -1.9m, -2.4m), (2024, -2.3m, -1.7m, -2.2m) })
        {
            history.Add(Observation("38267-1", spine, "{T-score}", $"{year}-03-10"));
            history.Add(Observation("38264-8", hip, "{T-score}", $"{year}-03-10"));
            history.Add(Observation("38263-0", neck, "{T-score}", $"{year}-03-10"));
        }
        history.Add(Observation("2731-8", 88, "pg/mL", "2019-05-02"));
        history.Add(Observation("14866-8", 5.3m, "pmol/L", "2023-06-01"));
        history.Add(Observation("17861-6", 9.4m, "mg/dL", "2019-05-02"));
        history.Add(Observation("2000-8", 2.45m, "mmol/L", "2023-06-01"));
        history.Add(Observation("62292-8", 4, "ng/mL", "2020-02-02", status: "entered-in-error"));
        history.Add(Order("cholecalciferol 1000 UNT Oral Tablet", "active", "2020-06-01"));
        history.Add(Order("alendronate 70 MG Oral Tablet", "completed", "2017-01-10", validUntil: "2022-01-10"));
        history.Add(Order("denosumab 60 MG/ML Prefilled Syringe", "active", "2023-02-01"));
        history.Add(Order("atorvastatin 20 MG Oral Tablet", "active", "2019-01-01"));
        history.Add(Fracture("S72.001A", "Fracture of right femoral neck", "2021-08-20"));
        history.Add(Fracture("S22.000A", "Wedge compression fracture of thoracic vertebra", "2019-02-01", verification: "refuted"));
        return history;
    }

    /// <summary>What the chart must show for a history: every final result of a charted code, in its display unit.</summary>
    public static List<Expected> Plotted(IEnumerable<JsonObject> history)
    {
        var perDisplay = new Dictionary<string, (string Display, decimal Factor)>
        {
            ["ng/mL"] = ("ng/mL", 1), ["nmol/L"] = ("ng/mL", 2.496m), ["pg/mL"] = ("pg/mL", 1), ["pmol/L"] = ("pg/mL", 0.106m),
            ["mg/dL"] = ("mg/dL", 1), ["mmol/L"] = ("mg/dL", 0.2495m), ["{T-score}"] = ("T-score", 1),
        };
        return history.Where(h => h["resourceType"]!.GetValue<string>() == "Observation" && h["status"]!.GetValue<string>() == "final")
            .Select(h =>
            {
                var q = h["valueQuantity"]!;
                var (display, factor) = perDisplay[q["code"]!.GetValue<string>()];
                return new Expected(h["code"]!["coding"]![0]!["code"]!.GetValue<string>(),
                    Math.Round(decimal.Parse(q["value"]!.ToJsonString(), CultureInfo.InvariantCulture) / factor, 2, MidpointRounding.AwayFromZero), display,
                    h["effectiveDateTime"]!.GetValue<string>());
            }).ToList();
    }
}
