using System.Text.Json;
using System.Text.Json.Nodes;
using BoneCds.Rules.Fhir.Lean;
using Hl7.Fhir.Model;

namespace BoneCds.Rules.Tests.Parsing;

/// <summary>
/// The lean Observation path must read exactly what Firely's POCOs gave the rules: the same measurements and the same
/// rejections, Observation by Observation, on real-world records and the performance payloads, and on each defect of the
/// parse-performance review's table.
/// </summary>
public partial class LeanObservationTests
{
    [System.Text.RegularExpressions.GeneratedRegex(@" At [^;]*")]
    private static partial System.Text.RegularExpressions.Regex SdkLocation();

    private static readonly DateTimeOffset Now = PatientRecord.Now;

    private const string Valid = """
        {"resourceType":"Observation","id":"obs-1","status":"final",
         "code":{"coding":[{"system":"http://loinc.org","code":"62292-8","display":"25-OH-D"}],"text":"Vitamin D"},
         "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-11-01T08:00:00Z","issued":"2026-11-01T09:00:00+01:00",
         "identifier":[{"value":"lab-1"}],
         "valueQuantity":{"value":14.50,"comparator":"<","unit":"ng/mL","system":"http://unitsofmeasure.org","code":"ng/mL"}}
        """;

    public static TheoryData<string, string, string, bool> Defects => new()
    {
        // name, text replaced in the valid Observation, replacement, still used by the rules
        { "status bogus", "\"status\":\"final\"", "\"status\":\"bogus\"", false },
        { "value not a number", "\"value\":14.50", "\"value\":\"abc\"", false },
        { "impossible date", "2026-11-01T08:00:00Z", "2026-13-45", false },
        { "code.coding an object", "\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"62292-8\",\"display\":\"25-OH-D\"}]",
            "\"coding\":{\"system\":\"http://loinc.org\",\"code\":\"62292-8\"}", false },
        { "subject.reference a number", "\"reference\":\"Patient/p1\"", "\"reference\":42", false },
        { "comparator not a code", "\"comparator\":\"<\"", "\"comparator\":\"about\"", false },
        { "two value[x]", "\"identifier\"", "\"valueString\":\"14 ng/mL\",\"identifier\"", false },
        { "unneeded element malformed", "\"identifier\":[{\"value\":\"lab-1\"}]", "\"identifier\":{\"value\":\"lab-1\"}", true },
        { "unknown element", "\"identifier\"", "\"foo\":{\"bar\":1},\"identifier\"", true },
        { "valueCodeableConcept", "\"valueQuantity\":{\"value\":14.50,\"comparator\":\"<\",\"unit\":\"ng/mL\","
            + "\"system\":\"http://unitsofmeasure.org\",\"code\":\"ng/mL\"}", "\"valueCodeableConcept\":{\"text\":\"low\"}", false },
        { "a null coding (holds nothing; the others are read)", "[{\"system\":\"http://loinc.org\"",
            "[null,{\"system\":\"http://loinc.org\"", true },
        { "a null component", "\"identifier\"", "\"component\":[null],\"identifier\"", false },
        { "status amended", "\"status\":\"final\"", "\"status\":\"amended\"", true },
        { "effective with an offset", "2026-11-01T08:00:00Z", "2026-11-01T08:00:00.125+02:00", true },
        { "effective a partial date", "2026-11-01T08:00:00Z", "2026-11", true },
        { "effective time without a zone (FHIR requires one)", "2026-11-01T08:00:00Z", "2026-11-01T08:00:00", false },
        { "issued without a zone (effective is used)", "2026-11-01T09:00:00+01:00", "2026-11-01T09:00:00", true },
        { "effectivePeriod", "\"effectiveDateTime\":\"2026-11-01T08:00:00Z\"",
            "\"effectivePeriod\":{\"start\":\"2026-10-31\",\"end\":\"2026-11-01T08:00:00Z\"}", true },
        { "resourceType last", "{\"resourceType\":\"Observation\",", "{", true },
        { "an escaped member name", "\"status\"", "\"st\\u0061tus\"", true },
        { "a value too large for a decimal", "\"value\":14.50", "\"value\":1e400", false },
        { "effectiveInstant", "\"effectiveDateTime\"", "\"effectiveInstant\"", true },
        { "a value[x] FHIR does not have", "\"identifier\"", "\"valueFoo\":1,\"identifier\"", false },
        { "code an array", "\"code\":{", "\"code\":[],\"x\":{", false },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void Each_defect_gives_the_same_outcome_on_both_paths_and_only_that_observation_is_lost(string name, string find,
        string replace, bool used)
    {
        var observation = Valid.Replace(find, replace);
        Assert.NotEqual(Valid, observation);
        if (name == "resourceType last") observation = observation.TrimEnd()[..^1] + ",\"resourceType\":\"Observation\"}";
        var bundle = """
            {"resourceType":"Bundle","type":"searchset","entry":[{"resource":OBSERVATION},
             {"resource":{"resourceType":"Observation","id":"pth","status":"final","subject":{"reference":"Patient/p1"},
              "code":{"coding":[{"system":"http://loinc.org","code":"2731-8"}]},"effectiveDateTime":"2026-11-01",
              "valueQuantity":{"value":90,"unit":"pg/mL","system":"http://unitsofmeasure.org","code":"pg/mL"}}}]}
            """.Replace("OBSERVATION", observation);

        var lean = Read(bundle, lean: true);
        var firely = Read(bundle, lean: false);

        Assert.Equal(firely, lean);
        Assert.Contains("Pth|", lean);
        Assert.Equal(used, lean.Contains("VitaminD25OH|"));
        if (!used) Assert.Contains("rejected", lean);
    }

    [Fact]
    public void A_well_formed_observation_takes_the_lean_path_with_every_element_the_rules_read()
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(Valid));
        reader.Read();
        Assert.True(LeanObservationReader.TryRead(ref reader, out var observation));
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        var facts = Assert.IsType<LeanObservationCarrier>(observation).Facts;
        Assert.Equal(ObservationStatus.Final, facts.Status);
        Assert.Equal("Observation/obs-1", facts.Source);
        Assert.Equal(new CodingFacts("http://loinc.org", "62292-8", "25-OH-D"), Assert.Single(facts.Code!.Codings));
        Assert.Equal("Vitamin D", facts.Code.Text);
        Assert.Equal("Patient/p1", facts.SubjectReference);
        Assert.Equal(new QuantityFacts(14.50m, "<", "ng/mL", "http://unitsofmeasure.org", "ng/mL"), facts.Value!.Quantity);
        Assert.Equal("2026-11-01T08:00:00Z", facts.EffectiveDateTime);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), facts.Issued);
        Assert.Null(facts.ReadProblem);
    }

    [Fact]
    public void An_observation_firely_cannot_read_at_all_is_rejected_on_its_own_and_the_rest_is_used()
    {
        // "_coding" beside "coding" (an underscore on a non-primitive): Firely's reader stops on it, so the whole-Bundle parse
        // refused the input; the entry walk rejects that Observation alone.
        var broken = Valid.Replace("\"text\":\"Vitamin D\"", "\"_coding\":{\"extension\":[]},\"text\":\"Vitamin D\"");
        Assert.NotEqual(Valid, broken);
        var bundle = """
            {"resourceType":"Bundle","type":"searchset","entry":[{"resource":BROKEN},
             {"resource":{"resourceType":"Observation","id":"pth","status":"final","subject":{"reference":"Patient/p1"},
              "code":{"coding":[{"system":"http://loinc.org","code":"2731-8"}]},"effectiveDateTime":"2026-11-01",
              "valueQuantity":{"value":90,"unit":"pg/mL","system":"http://unitsofmeasure.org","code":"pg/mL"}}}]}
            """.Replace("BROKEN", broken);

        Assert.Throws<FhirInputException>(() => FhirResourceParser.Parse(bundle, "prefetch.observations", lean: false));
        var lean = Read(bundle, lean: true);
        Assert.Contains("Pth|", lean);
        Assert.DoesNotContain("VitaminD25OH|", lean);
        Assert.Contains("rejected|prefetch.observations entry[0] Observation|invalid FHIR:", lean);
    }

    public static TheoryData<string> RealWorld => new()
    {
        "records/us-core-dxa-panel.json", "records/synthea-osteoporosis.json", "perf/order-sign-50.json", "assessment-bundle.json",
        "order-sign.json", "patient-view.json",
    };

    /// <summary>Every Observation of every Bundle in the file, read by both paths, gives the same measurement or rejection.</summary>
    [Theory]
    [MemberData(nameof(RealWorld))]
    public void Real_world_records_read_the_same_on_both_paths(string fixture)
    {
        var bundles = BundlesIn(JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture)))!)
            .ToList();
        Assert.NotEmpty(bundles);
        var compared = 0;
        foreach (var bundle in bundles)
        {
            var lean = Read(bundle, lean: true);
            Assert.Equal(Read(bundle, lean: false), lean);
            foreach (var entry in JsonNode.Parse(bundle)!["entry"]?.AsArray() ?? [])
            {
                if (entry?["resource"]?["resourceType"]?.GetValue<string>() != "Observation") continue;
                var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(entry["resource"]!.ToJsonString()));
                reader.Read();
                Assert.True(LeanObservationReader.TryRead(ref reader, out _), $"{fixture}: {entry["resource"]!["id"]} fell back to Firely");
                compared++;
            }
        }
        Assert.True(compared >= 2, $"{fixture}: only {compared} observations compared");
    }

    /// <summary>
    /// A rejection's reason without where Firely located it, its problems in one order: a whole Bundle and a single entry list
    /// the same problems in different orders.
    /// </summary>
    internal static string Problems(string reason)
    {
        var text = SdkLocation().Replace(reason, "");
        const string prefix = "invalid FHIR: ";
        return text.StartsWith(prefix, StringComparison.Ordinal)
            ? prefix + string.Join("; ", text[prefix.Length..].Split("; ").Order(StringComparer.Ordinal))
            : text;
    }

    /// <summary>A Bundle parsed by one path and opened into its resources, with its rejected entries and its patient's id.</summary>
    internal static (List<Resource> Resources, List<RejectedInput> Rejected, string PatientId) Open(string bundleJson, string name,
        bool lean)
    {
        var parsed = FhirResourceParser.Parse(bundleJson, name, lean);
        var rejected = new List<RejectedInput>(parsed.RejectedEntries);
        var resources = BundleFlattener.Flatten([parsed.Resource], rejected).ToList();
        return (resources, rejected, resources.OfType<Patient>().FirstOrDefault()?.Id ?? "p1");
    }

    /// <summary>Each Observation's measurements and rejections, one line each, in Bundle order.</summary>
    internal static string Read(string bundleJson, bool lean)
    {
        var (resources, rejected, patientId) = Open(bundleJson, "prefetch.observations", lean);
        var subject = new SubjectReference(BundleReferences.None, patientId);
        var reader = new ObservationReader(new StalenessWindows());
        var lines = new List<string>();
        foreach (var observation in resources.OfType<Observation>())
        {
            var measurements = new List<Measurement>();
            FhirReadGuard.Run(observation, rejected, () => reader.Read(observation, subject, Now, measurements, rejected));
            lines.AddRange(measurements.Select(m => $"{m.Analyte}|{m.Value}|{m.Unit}|{m.ReportedValue}|{m.ReportedUnit}|{m.Comparator}|"
                + $"{m.EffectiveAt:O}|{m.Source}|{m.Site}|{m.Side}|{m.IsStale}|{m.ReportedIsSi}|{m.Entry?.Code}"));
        }
        // Firely locates an error from where its parse began: "At Bundle.entry[0].resource..." for a whole Bundle, "At
        // Observation, line 5" for one entry. The message itself must be the same.
        lines.AddRange(rejected.Select(r => $"rejected|{r.Source}|{Problems(r.Reason)}"));
        return string.Join('\n', lines);
    }

    /// <summary>A Bundle file, a JSON array of resources, or a CDS Hooks request's prefetch values.</summary>
    internal static IEnumerable<string> BundlesIn(JsonNode node)
    {
        if (node is JsonArray array)
        {
            yield return new JsonObject { ["resourceType"] = "Bundle", ["type"] = "collection",
                ["entry"] = new JsonArray(array.Select(r => (JsonNode)new JsonObject { ["resource"] = r!.DeepClone() }).ToArray()) }
                .ToJsonString();
            yield break;
        }
        if (node["resourceType"]?.GetValue<string>() == "Bundle") { yield return node.ToJsonString(); yield break; }
        foreach (var (_, value) in node["prefetch"]?.AsObject() ?? [])
            if (value?["resourceType"]?.GetValue<string>() == "Bundle") yield return value.ToJsonString();
    }
}
