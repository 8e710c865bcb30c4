using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace BoneCds.Api.Tests;

/// <summary>
/// An EHR as a CDS client: it holds a patient's record and fills the service's discovery prefetch templates from it the
/// way a FHIR server answers those queries (only the codes and statuses a template asks for are sent, as searchset
/// Bundles). A template using a search the simulator does not know fails the test instead of being guessed.
/// </summary>
public sealed class EhrSimulator(IReadOnlyList<JsonObject> record, string patientId)
{
    public static EhrSimulator FromBundleOrList(JsonNode records, string patientId)
    {
        var resources = records is JsonArray list
            ? list.Select(r => r!.AsObject()).ToList()
            : records["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).ToList();
        return new EhrSimulator(resources, patientId);
    }

    /// <summary>The discovery entry of the service answering <paramref name="hook"/>, as an EHR reads it from /cds-services.</summary>
    public static async Task<JsonObject> DiscoveredServiceAsync(HttpClient client, string hook)
    {
        var discovery = JsonNode.Parse(await client.GetStringAsync("/cds-services"))!;
        return discovery["services"]!.AsArray().Single(s => s!["hook"]!.GetValue<string>() == hook)!.AsObject();
    }

    /// <summary>Fills every template of a discovery service entry.</summary>
    public JsonObject Prefetch(JsonObject templates)
    {
        var prefetch = new JsonObject();
        foreach (var (key, template) in templates)
            prefetch[key] = Answer(template!.GetValue<string>().Replace("{{context.patientId}}", patientId, StringComparison.Ordinal));
        return prefetch;
    }

    /// <summary>A CDS Hooks request for the hook, its prefetch filled from the record.</summary>
    public JsonObject Request(JsonObject service, JsonObject? draftOrders = null)
    {
        var context = new JsonObject { ["userId"] = "Practitioner/dr-1", ["patientId"] = patientId };
        var hook = service["hook"]!.GetValue<string>();
        if (hook != "patient-view")
        {
            context["draftOrders"] = draftOrders ?? new JsonObject { ["resourceType"] = "Bundle", ["type"] = "collection", ["entry"] = new JsonArray() };
            context["selections"] = new JsonArray(draftOrders?["entry"]?.AsArray()
                .Select(e => (JsonNode)JsonValue.Create($"MedicationRequest/{e!["resource"]!["id"]}")).ToArray() ?? []);
        }
        return new JsonObject
        {
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["hook"] = hook,
            ["context"] = context,
            ["prefetch"] = Prefetch(service["prefetch"]!.AsObject()),
        };
    }

    private JsonNode Answer(string query)
    {
        var (path, parameters) = Split(query);
        if (!path.Contains('/')) return Search(path, parameters);
        var (type, id) = (path.Split('/')[0], path.Split('/')[1]);
        return record.Single(r => Type(r) == type && r["id"]?.GetValue<string>() == id).DeepClone();
    }

    private JsonObject Search(string type, List<(string Name, string Value)> parameters)
    {
        IEnumerable<JsonObject> matches = record.Where(r => Type(r) == type);
        var includes = new List<JsonObject>();
        foreach (var (name, value) in parameters)
        {
            var values = value.Split(',');
            matches = name switch
            {
                "subject" or "patient" => matches.Where(r => SubjectIs(r, value)),
                "code" => matches.Where(r => r["code"]?["coding"]?.AsArray().Any(c => values.Contains($"{c!["system"]}|{c["code"]}")) == true),
                "status" => matches.Where(r => values.Contains(r["status"]?.GetValue<string>())),
                "clinical-status" => matches.Where(r => values.Contains(r["clinicalStatus"]?["coding"]?[0]?["code"]?.GetValue<string>())),
                "_sort" or "_count" => matches,
                "_include" when value == "MedicationRequest:medication" => matches,
                _ => throw new XunitException($"the EHR simulator does not know the search parameter '{name}' in a prefetch template"),
            };
            if (name == "_include")
                includes.AddRange(record.Where(r => Type(r) == "Medication"
                    && matches.Any(m => m["medicationReference"]?["reference"]?.GetValue<string>() == $"Medication/{r["id"]}")));
        }
        var entries = matches.Select(r => new JsonObject { ["fullUrl"] = $"https://ehr.example/fhir/{Type(r)}/{r["id"]}", ["resource"] = ServerShaped(r) })
            .Concat(includes.Select(r => new JsonObject { ["resource"] = r.DeepClone(), ["search"] = new JsonObject { ["mode"] = "include" } }));
        return new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["entry"] = new JsonArray(entries.ToArray<JsonNode>()) };
    }

    /// <summary>A FHIR server answers with server references: urn:uuid subjects of an uploaded record become Patient/{id}.</summary>
    private JsonNode ServerShaped(JsonObject resource)
    {
        var copy = resource.DeepClone().AsObject();
        if (copy["subject"]?["reference"] is JsonValue reference && reference.GetValue<string>().StartsWith("urn:uuid:", StringComparison.Ordinal))
            copy["subject"] = new JsonObject { ["reference"] = $"Patient/{patientId}" };
        return copy;
    }

    private bool SubjectIs(JsonObject resource, string value)
    {
        var reference = resource["subject"]?["reference"]?.GetValue<string>();
        return reference == value || reference == $"urn:uuid:{patientId}";
    }

    private static string Type(JsonObject resource) => resource["resourceType"]!.GetValue<string>();

    private static (string Path, List<(string, string)> Parameters) Split(string query)
    {
        var parts = query.Split('?', 2);
        var parameters = parts.Length == 1 ? [] : parts[1].Split('&').Select(p => p.Split('=', 2)).Select(p => (p[0], Uri.UnescapeDataString(p[1]))).ToList();
        return (parts[0], parameters);
    }
}
