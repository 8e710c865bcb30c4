using System.Text.Json;
using Hl7.Fhir.Model;
using BoneCds.Api.Errors;
using BoneCds.Rules.Cards;
using BoneCds.Rules.Catalogue;
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
    /// <summary>context.userId (e.g. "Practitioner/123"): the clinician, for overrides that apply to one clinician only.</summary>
    public string? UserId { get; init; }

    /// <summary>Prefetch keys the EHR answered with an OperationOutcome, and what it said (v2): these count as missing.</summary>
    public IReadOnlyDictionary<string, string> PrefetchFailures { get; init; } = new Dictionary<string, string>();

    /// <summary>Keys the client tried to fill: sent as null or as an OperationOutcome (then missing, but never a 412).</summary>
    public IReadOnlySet<string> PrefetchKeysTried { get; init; } = new HashSet<string>();

    /// <summary>Prefetch keys that hold only a first page (their searchset has a next link), with the link (v3).</summary>
    public IReadOnlyDictionary<string, string> PrefetchNextLinks { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// One forward pass over the body: the envelope is read with Utf8JsonReader and each FHIR resource (prefetch values,
    /// context.draftOrders) is handed, in place, to the Firely deserializer, so the JSON is parsed once and never copied.
    /// Throws <see cref="RequestProblem"/> (400) naming what is wrong.
    /// </summary>
    /// <param name="body">The request body.</param>
    /// <param name="service">The service called.</param>
    /// <param name="cache">Parsed prefetches seen moments ago (order-select then order-sign send the same one), or null.</param>
    /// <param name="cacheScope">The caller: a prefetch is reused only for the client that sent it.</param>
    public static CdsHookRequest Parse(ReadOnlySpan<byte> body, CdsServiceDescriptor service, PrefetchCache? cache = null,
        string? cacheScope = null)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 128 });
        string? hook = null, hookInstance = null, fhirServer = null, accessToken = null, patientId = null, userId = null;
        bool hasContext = false, hasDraftOrders = false, hasSelections = false;
        Bundle? drafts = null;
        var selections = new List<string>();
        var resources = new List<Resource>();
        var rejected = new List<RejectedInput>();
        var prefetchKeysSent = new HashSet<string>();
        var prefetchFailures = new Dictionary<string, string>();
        ParsedPrefetch? prefetch = null;
        PrefetchCache.Pending? toKeep = null;
        // Every member once, at every level read here: a repeated "context" or "patientId" is refused, never read twice.
        HashSet<string> top = [], authMembers = [], contextMembers = [];
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw RequestProblem.BadRequest("The body must be a JSON object (a CDS Hooks request).");
            while (NextUnique(ref reader, top, "", out var name))
            {
                switch (name)
                {
                    case "hook": hook = ReadString(ref reader, "hook"); break;
                    case "hookInstance": hookInstance = ReadString(ref reader, "hookInstance"); break;
                    case "fhirServer": fhirServer = ReadString(ref reader, "fhirServer"); break;
                    case "fhirAuthorization":
                        if (reader.TokenType == JsonTokenType.Null) break;
                        Expect(ref reader, JsonTokenType.StartObject, "'fhirAuthorization' must be an object.");
                        while (NextUnique(ref reader, authMembers, "fhirAuthorization.", out var authName))
                            if (authName == "access_token") accessToken = ReadString(ref reader, "fhirAuthorization.access_token");
                            else reader.Skip();
                        break;
                    case "context":
                        Expect(ref reader, JsonTokenType.StartObject, "'context' is required and must be an object.");
                        hasContext = true;
                        while (NextUnique(ref reader, contextMembers, "context.", out var contextName))
                        {
                            switch (contextName)
                            {
                                case "patientId": patientId = ReadString(ref reader, "context.patientId"); break;
                                // Who is acting: only for the per-clinician workflow overrides (v3), kept as a keyed hash.
                                case "userId": userId = ReadString(ref reader, "context.userId"); break;
                                case "draftOrders":
                                    if (reader.TokenType != JsonTokenType.StartObject)
                                        throw RequestProblem.BadRequest("'context.draftOrders' must be a FHIR Bundle.");
                                    hasDraftOrders = true;
                                    // Firely POCOs throughout: order checks read the whole draft (dose, route, medication).
                                    var parsed = ParseResource(ref reader, "context.draftOrders", lean: false);
                                    drafts = parsed.Resource as Bundle
                                        ?? throw RequestProblem.BadRequest($"'context.draftOrders' must be a FHIR Bundle, not "
                                            + $"{parsed.Resource.TypeName}.");
                                    rejected.AddRange(parsed.RejectedEntries);
                                    break;
                                case "selections":
                                    Expect(ref reader, JsonTokenType.StartArray, "'context.selections' must be an array of references.");
                                    hasSelections = true;
                                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                                        if (reader.TokenType == JsonTokenType.String) selections.Add(reader.GetString()!);
                                        else reader.Skip();
                                    break;
                                default: reader.Skip(); break;
                            }
                        }
                        break;
                    case "prefetch":
                        if (reader.TokenType == JsonTokenType.Null) break;
                        Expect(ref reader, JsonTokenType.StartObject, "'prefetch' must be an object.");
                        prefetch = cache is null
                            ? ReadPrefetch(ref reader) : cache.GetOrRead(ref reader, body, cacheScope ?? "", ReadPrefetch, out toKeep);
                        resources.AddRange(prefetch.Resources);
                        rejected.AddRange(prefetch.Rejected);
                        prefetchKeysSent.UnionWith(prefetch.KeysSent);
                        foreach (var (key, failure) in prefetch.Failures) prefetchFailures[key] = failure;
                        break;
                    default: reader.Skip(); break;
                }
            }
            // Only whitespace may follow the request object (the reader throws on anything else).
            reader.Read();
        }
        catch (JsonException e) { throw RequestProblem.BadRequest($"The body is not valid JSON: {e.Message}"); }
        // A string with a lone surrogate escape ("\ud800") is valid JSON text but cannot become a .NET string.
        catch (InvalidOperationException) { throw RequestProblem.BadRequest("The body holds a string that is not valid Unicode."); }

        if (string.IsNullOrWhiteSpace(hook)) throw RequestProblem.BadRequest("'hook' is required and must be a non-empty string.");
        if (hook != service.Hook)
            throw RequestProblem.BadRequest($"Service '{service.Id}' answers the '{service.Hook}' hook, but the request says '{hook}'.");
        if (string.IsNullOrWhiteSpace(hookInstance))
            throw RequestProblem.BadRequest("'hookInstance' is required and must be a non-empty string.");
        if (fhirServer is not null
            && !Uri.TryCreate(fhirServer, UriKind.Absolute,
            out _)) throw RequestProblem.BadRequest("'fhirServer' must be an absolute URL.");
        if (!hasContext) throw RequestProblem.BadRequest("'context' is required and must be an object.");
        if (string.IsNullOrWhiteSpace(patientId))
            throw RequestProblem.BadRequest("'context.patientId' is required and must be a non-empty string.");
        if (service.Kind.IsOrderTime() && !hasDraftOrders)
            throw RequestProblem.BadRequest("'context.draftOrders' (a FHIR Bundle) is required for this hook.");
        if (service.Kind == RequestKind.OrderSelect && !hasSelections)
            throw RequestProblem.BadRequest("'context.selections' (an array of references) is required for order-select.");

        // A key counts as missing when it was not sent (or sent as null, or failed) and no resource of its kind came under a key
        // that is not one of the templates (an EHR using an older key name). Two template keys of one type (labs and
        // densitometry) never stand in for each other.
        var otherTypes = prefetch?.TypesUnderOtherKeys ?? [];
        var missing = PrefetchTemplates.All.Where(p => !prefetchKeysSent.Contains(p.Key) && !p.ResourceTypes.Any(otherTypes.Contains))
            .Select(p => p.Key).ToList();
        cache?.Keep(toKeep); // only now: a refused request's prefetch is never kept
        return new CdsHookRequest(hook, hookInstance, patientId, fhirServer, accessToken, resources,
            service.Kind.IsOrderTime() ? drafts : null, selections, missing, rejected)
        {
            PrefetchFailures = prefetchFailures,
            UserId = userId,
            PrefetchNextLinks = prefetch?.NextLinks ?? [],
            PrefetchKeysTried = new HashSet<string>([.. prefetch?.KeysSentAsNull ?? [], .. prefetchFailures.Keys]),
        };
    }

    /// <summary>As <see cref="Utf8JsonReaderExtensions.NextProperty"/>, refusing a member the object already had.</summary>
    private static bool NextUnique(ref Utf8JsonReader reader, HashSet<string> seen, string path, out string name)
    {
        if (!reader.NextProperty(out name)) return false;
        if (!seen.Add(name)) throw RequestProblem.BadRequest($"'{path}{name}' appears more than once.");
        return true;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string message)
    {
        if (reader.TokenType != type) throw RequestProblem.BadRequest(message);
    }

    private static string? ReadString(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw RequestProblem.BadRequest($"'{path}' must be a string.");
        return reader.GetString();
    }

    /// <summary>Reads the prefetch object (the reader on its start), leaving the reader on its end.</summary>
    private static ParsedPrefetch ReadPrefetch(ref Utf8JsonReader reader)
    {
        var prefetch = new ParsedPrefetch([], [], [], []);
        HashSet<string> keys = [];
        while (NextUnique(ref reader, keys, "prefetch.", out var key))
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                prefetch.KeysSentAsNull.Add(key);
                continue;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
                throw RequestProblem.BadRequest($"'prefetch.{key}' must be a FHIR resource (a JSON object).");
            var parsed = ParseResource(ref reader, $"prefetch.{key}");
            if (PrefetchFailure.Of(parsed.Resource) is { } failure)
            {
                prefetch.Failures[key] = failure;
                continue;
            }
            prefetch.KeysSent.Add(key);
            prefetch.Resources.Add(parsed.Resource);
            prefetch.Rejected.AddRange(parsed.RejectedEntries);
            var template = PrefetchTemplates.Queries.ContainsKey(key);
            if (!template) prefetch.TypesUnderOtherKeys.UnionWith(BundleFlattener.Flatten([parsed.Resource], []).Select(r => r.TypeName));
            else if (parsed.Resource is Bundle { NextLink: { } next }) prefetch.NextLinks[key] = next.OriginalString;
        }
        return prefetch;
    }

    private static ParsedResource ParseResource(ref Utf8JsonReader reader, string name, bool? lean = null)
    {
        try { return FhirResourceParser.Parse(ref reader, name, lean); }
        catch (FhirInputException e) { throw RequestProblem.BadRequest(e.Message); }
    }

}
