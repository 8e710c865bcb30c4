using Hl7.Fhir.Model;

namespace BoneCds.Rules.Tests;

/// <summary>
/// Each rejection carries its kind from where it was rejected, so metric labels and API clients never depend on the reason text,
/// which can hold the EHR's own words (a status literal "unit-pending" must not count as a unit problem).
/// </summary>
public class RejectionKindTests
{
    private const string Template = """
        {"resourceType":"Observation","id":"o1","status":"final","subject":{"reference":"Patient/p1"},
         "code":{"coding":[{"system":"http://loinc.org","code":"CODE"}]},"effectiveDateTime":"2026-11-01",
         "valueQuantity":{"value":14,"unit":"ng/mL","system":"http://unitsofmeasure.org","code":"ng/mL"}}
        """;

    public static TheoryData<string, string, string, RejectionKind> Cases => new()
    {
        // name, text replaced in the template, replacement, kind
        { "a status literal holding the word unit", "\"status\":\"final\"", "\"status\":\"unit-pending\"", RejectionKind.InvalidFhir },
        { "a preliminary result", "\"status\":\"final\"", "\"status\":\"preliminary\"", RejectionKind.Status },
        { "no subject", "\"subject\":{\"reference\":\"Patient/p1\"},", "", RejectionKind.Subject },
        { "no date", "\"effectiveDateTime\":\"2026-11-01\",", "", RejectionKind.Date },
        { "a date in the future", "2026-11-01", "2027-06-01", RejectionKind.Date },
        { "no value", "\"valueQuantity\":{\"value\":14,\"unit\":\"ng/mL\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"ng/mL\"}",
            "\"dataAbsentReason\":{\"text\":\"unit broken\"}", RejectionKind.Value },
        { "a value that is not a number", "\"valueQuantity\":{\"value\":14,\"unit\":\"ng/mL\",\"system\":\"http://unitsofmeasure.org\","
            + "\"code\":\"ng/mL\"}", "\"valueString\":\"see the unit's note\"", RejectionKind.Value },
        { "no unit", ",\"unit\":\"ng/mL\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"ng/mL\"", "", RejectionKind.Unit },
        { "a unit not accepted", "\"unit\":\"ng/mL\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"ng/mL\"",
            "\"unit\":\"mg/L\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg/L\"", RejectionKind.Unit },
        { "a calcaneus T-score", "\"status\"", "\"note\":[{\"text\":\"calcaneus, unit 2\"}],\"status\"", RejectionKind.Site },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_kind_is_set_where_the_input_is_rejected(string name, string find, string replace, RejectionKind kind)
    {
        var code = name.Contains("T-score") ? "38266-3" : "62292-8"; // 38266-3: calcaneus T-score
        var json = Template.Replace("CODE", code);
        if (name.Contains("T-score")) json = json.Replace("ng/mL", "{T-score}");
        var observation = json.Replace(find, replace);
        Assert.NotEqual(json, observation);
        var bundle = """{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p1","""
            + "\"gender\":\"female\",\"birthDate\":\"1955-01-01\"}},{\"resource\":" + observation + "}]}";
        var parsed = FhirResourceParser.Parse(bundle, "bundle");
        var result = new BoneHealthEvaluator(new RuleThresholds()).Evaluate([parsed.Resource], "p1", PatientRecord.Now,
            RequestKind.PatientView, "h", rejected: parsed.RejectedEntries);
        var rejected = Assert.Single(result.Assessment.Input.Rejected);
        Assert.Equal(kind, rejected.Kind);
    }

    [Fact]
    public void Another_patients_resources_are_counted_never_listed()
    {
        var r = PatientRecord.Woman().With(new Patient { Id = "someone-else" }).Evaluate();
        Assert.DoesNotContain(r.Assessment.Input.Rejected, x => x.Kind == RejectionKind.OtherPatient);
        Assert.Equal(1, r.Assessment.Input.OtherPatientsResourcesExcluded);
        Assert.DoesNotContain(r.Cards, c => c.Detail!.Contains("someone-else"));
    }
}
