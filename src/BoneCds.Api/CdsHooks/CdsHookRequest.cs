using System.Text.Json;
using Hl7.Fhir.Model;
using BoneCds.Api.Errors;
using BoneCds.Rules.Fhir;
using BoneCds.Rules.Inputs;

namespace BoneCds.Api.CdsHooks;

/// <summary>A validated CDS Hooks request (CDS Hooks 2.0 §HTTP Request) with its FHIR content parsed by the Firely SDK.</summary>
public sealed record CdsHookRequest(
    string Hook,
    string HookInstance,
    string PatientId,
    string? FhirServer,
    string? AccessToken,
    IReadOnlyList<Resource> Resources,
    Bundle? DraftOrders,
    IReadOnlyList<string> Selections,
    IReadOnlyList<string> MissingPrefetch,
    IReadOnlyList<RejectedInput> Rejected)
{
    /// <summary>
    /// Parses and validates the envelope with System.Text.Json and every FHIR resource (prefetch values,
    /// context.draftOrders) with Firely. Throws <see cref="RequestProblem"/> (400) naming what is wrong.
    /// </summary>
    public static CdsHookRequest Parse(ReadOnlySpan<byte> body, CdsServiceDescriptor service)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 128 }); }
        catch (JsonException e) { throw RequestProblem.BadRequest($"The body is not valid JSON: {e.Message}"); }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw RequestProblem.BadRequest("The body must be a JSON object (a CDS Hooks request).");

            var hook = RequiredString(root, "hook");
            if (hook != service.Hook)
                throw RequestProblem.BadRequest($"Service '{service.Id}' answers the '{service.Hook}' hook, but the request says '{hook}'.");
            var hookInstance = RequiredString(root, "hookInstance");
            var fhirServer = OptionalString(root, "fhirServer");
            if (fhirServer is not null && !Uri.TryCreate(fhirServer, UriKind.Absolute, out _))
                throw RequestProblem.BadRequest("'fhirServer' must be an absolute URL.");
            string? accessToken = null;
            if (root.TryGetProperty("fhirAuthorization", out var auth) && auth.ValueKind != JsonValueKind.Null)
            {
                if (auth.ValueKind != JsonValueKind.Object) throw RequestProblem.BadRequest("'fhirAuthorization' must be an object.");
                accessToken = OptionalString(auth, "access_token");
            }

            if (!root.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.Object)
                throw RequestProblem.BadRequest("'context' is required and must be an object.");
            var patientId = RequiredString(context, "patientId", "context.patientId");

            var resources = new List<Resource>();
            var rejected = new List<RejectedInput>();
            var missing = new List<string>();
            if (root.TryGetProperty("prefetch", out var prefetch) && prefetch.ValueKind != JsonValueKind.Null)
            {
                if (prefetch.ValueKind != JsonValueKind.Object) throw RequestProblem.BadRequest("'prefetch' must be an object.");
                foreach (var item in prefetch.EnumerateObject())
                {
                    if (item.Value.ValueKind == JsonValueKind.Null) continue;
                    var parsed = ParseResource(item.Value, $"prefetch.{item.Name}");
                    resources.Add(parsed.Resource);
                    rejected.AddRange(parsed.RejectedEntries);
                }
            }
            // A key counts as missing when it was not sent (or sent as null) and no resource of its kind came under another key.
            var sentTypes = Flatten(resources).Select(r => r.TypeName).ToHashSet();
            foreach (var (key, types) in PrefetchResourceTypes)
            {
                var present = prefetch.ValueKind == JsonValueKind.Object && prefetch.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null;
                if (!present && !types.Any(sentTypes.Contains)) missing.Add(key);
            }

            Bundle? drafts = null;
            var selections = new List<string>();
            if (service.Hook is "order-select" or "order-sign")
            {
                if (!context.TryGetProperty("draftOrders", out var draftJson) || draftJson.ValueKind != JsonValueKind.Object)
                    throw RequestProblem.BadRequest("'context.draftOrders' (a FHIR Bundle) is required for this hook.");
                var parsed = ParseResource(draftJson, "context.draftOrders");
                drafts = parsed.Resource as Bundle
                    ?? throw RequestProblem.BadRequest($"'context.draftOrders' must be a FHIR Bundle, not {parsed.Resource.TypeName}.");
                rejected.AddRange(parsed.RejectedEntries);
                if (service.Hook == "order-select")
                {
                    if (!context.TryGetProperty("selections", out var sel) || sel.ValueKind != JsonValueKind.Array)
                        throw RequestProblem.BadRequest("'context.selections' (an array of references) is required for order-select.");
                    selections.AddRange(sel.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!));
                }
            }
            return new CdsHookRequest(hook, hookInstance, patientId, fhirServer, accessToken, resources, drafts, selections, missing, rejected);
        }
    }

    private static readonly (string Key, string[] Types)[] PrefetchResourceTypes =
    [
        ("patient", ["Patient"]),
        ("observations", ["Observation"]),
        ("medications", ["MedicationRequest", "MedicationStatement"]),
        ("conditions", ["Condition"]),
    ];

    private static IEnumerable<Resource> Flatten(IEnumerable<Resource> resources) =>
        resources.SelectMany(r => r is Bundle b ? Flatten(b.Entry.Where(e => e.Resource is not null).Select(e => e.Resource!)) : [r]);

    private static ParsedResource ParseResource(JsonElement json, string name)
    {
        if (json.ValueKind != JsonValueKind.Object) throw RequestProblem.BadRequest($"'{name}' must be a FHIR resource (a JSON object).");
        if (!json.TryGetProperty("resourceType", out var rt) || rt.ValueKind != JsonValueKind.String)
            throw RequestProblem.BadRequest($"'{name}' has no resourceType.");
        try { return FhirResourceParser.Parse(json, name); }
        catch (FhirInputException e) { throw RequestProblem.BadRequest(e.Message); }
    }

    private static string RequiredString(JsonElement obj, string name, string? path = null)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
            throw RequestProblem.BadRequest($"'{path ?? name}' is required and must be a non-empty string.");
        return v.GetString()!;
    }

    private static string? OptionalString(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw RequestProblem.BadRequest($"'{name}' must be a string.");
        return v.GetString();
    }
}
