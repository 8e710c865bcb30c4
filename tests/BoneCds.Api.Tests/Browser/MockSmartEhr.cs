using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace BoneCds.Api.Tests.Browser;

/// <summary>
/// A SMART on FHIR EHR on loopback, as strict as a real one where the launch can go wrong: smart-configuration (v2 or v1 only),
/// an authorize endpoint that checks the client, redirect, launch, aud, state and a PKCE S256 challenge, a token endpoint that
/// checks the verifier and returns the patient (and appContext when set), and FHIR searches over a prepared history behind the
/// bearer token. Every check that fails is kept in <see cref="Problems"/> (and the authorization is refused), so a test asserts none.
/// </summary>
public sealed class MockSmartEhr : IAsyncDisposable
{
    public const string ClientId = "bonecds-trends";
    public const string Patient = "smart-pt";
    public const string LaunchToken = "launch-7d1e";

    private readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri, string Scope)> _codes = new();
    private readonly ConcurrentDictionary<string, bool> _tokens = new();
    private LoopbackServer? _server;

    public bool V1Only { get; init; }
    public bool TokenExpired { get; init; }
    public bool ReturnWrongState { get; init; }
    public string? AppContext { get; init; } = "VITD-DEFICIENT";
    public List<JsonObject> History { get; init; } = [];
    public ConcurrentQueue<string> Problems { get; } = new();
    public ConcurrentDictionary<string, string> Authorized { get; } = new();
    public string BaseUrl => _server!.BaseUrl;
    public string Iss => BaseUrl + "/fhir";

    public static async Task<MockSmartEhr> StartAsync(MockSmartEhr ehr)
    {
        ehr._server = await LoopbackServer.StartAsync(app =>
        {
            app.Use(async (http, next) =>
            {
                // The page is on another origin (BoneCds): the EHR's FHIR and token endpoints answer cross-origin, as real ones do.
                http.Response.Headers.AccessControlAllowOrigin = "*";
                http.Response.Headers.AccessControlAllowHeaders = "authorization, content-type, accept";
                http.Response.Headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
                if (HttpMethods.IsOptions(http.Request.Method)) http.Response.StatusCode = StatusCodes.Status204NoContent;
                else await next(http);
            });
            app.MapGet("/fhir/.well-known/smart-configuration", (HttpRequest r) => Results.Json(ehr.Configuration(Origin(r))));
            app.MapGet("/authorize", (HttpRequest r) => ehr.Authorize(r));
            app.MapPost("/token", async (HttpRequest r) => await ehr.TokenAsync(r));
            app.MapGet("/fhir/{type}", (string type, HttpRequest r) => ehr.Search(type, r));
        });
        return ehr;
    }

    private static string Origin(HttpRequest r) => $"{r.Scheme}://{r.Host}";

    private string Version => V1Only ? "read" : "rs";
    public string ExpectedScope => string.Join(' ', new[] { "launch" }.Concat(
        new[] { "Patient", "Observation", "MedicationRequest", "Condition" }.Select(t => $"patient/{t}.{Version}")));

    private JsonObject Configuration(string origin) => new()
    {
        ["authorization_endpoint"] = origin + "/authorize",
        ["token_endpoint"] = origin + "/token",
        ["capabilities"] = new JsonArray("launch-ehr", "client-public", "context-ehr-patient", V1Only ? "permission-v1" : "permission-v2"),
        ["code_challenge_methods_supported"] = new JsonArray("S256"),
        ["response_types_supported"] = new JsonArray("code"),
        ["grant_types_supported"] = new JsonArray("authorization_code"),
        ["scopes_supported"] = new JsonArray([.. ExpectedScope.Split(' ').Select(s => (JsonNode)JsonValue.Create(s)!)]),
    };

    private IResult Authorize(HttpRequest r)
    {
        var q = r.Query;
        foreach (var (name, value) in q) Authorized[name] = value.ToString();
        var redirect = q["redirect_uri"].ToString();
        void Check(bool ok, string problem) { if (!ok) Problems.Enqueue(problem); }
        Check(q["response_type"] == "code", "response_type is not code");
        Check(q["client_id"] == ClientId, $"client_id {q["client_id"]}");
        Check(redirect.EndsWith("/app/index.html", StringComparison.Ordinal), $"redirect_uri {redirect}");
        Check(q["launch"] == LaunchToken, "launch token not passed back");
        Check(q["aud"] == Origin(r) + "/fhir", $"aud {q["aud"]}");
        Check(q["state"].ToString().Length >= 16, "state missing or guessable");
        Check(q["code_challenge_method"] == "S256", $"code_challenge_method {q["code_challenge_method"]}");
        Check(q["code_challenge"].ToString().Length >= 43, "code_challenge missing");
        Check(q["scope"] == ExpectedScope, $"scope '{q["scope"]}', expected '{ExpectedScope}'");
        if (!Problems.IsEmpty) return Results.Redirect($"{redirect}?error=invalid_request&state={Uri.EscapeDataString(q["state"].ToString())}");
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = (q["code_challenge"].ToString(), redirect, q["scope"].ToString());
        var state = ReturnWrongState ? "a-state-the-page-never-issued" : q["state"].ToString();
        return Results.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(state)}");
    }

    private async Task<IResult> TokenAsync(HttpRequest r)
    {
        var form = await r.ReadFormAsync();
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var issued))
        {
            Problems.Enqueue("token request with an unknown code or grant");
            return Results.Json(new JsonObject { ["error"] = "invalid_grant" }, statusCode: 400);
        }
        var verifier = form["code_verifier"].ToString();
        if (Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != issued.Challenge)
        {
            Problems.Enqueue("code_verifier does not match the S256 challenge");
            return Results.Json(new JsonObject { ["error"] = "invalid_grant" }, statusCode: 400);
        }
        if (form["redirect_uri"] != issued.RedirectUri) Problems.Enqueue("token redirect_uri differs from the authorize one");
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _tokens[token] = true;
        var response = new JsonObject
        {
            ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = 3600, ["scope"] = issued.Scope, ["patient"] = Patient,
        };
        if (AppContext is not null) response["appContext"] = AppContext;
        return Results.Json(response);
    }

    private IResult Search(string type, HttpRequest r)
    {
        var bearer = r.Headers.Authorization.ToString();
        if (TokenExpired || !bearer.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.ContainsKey(bearer[7..]))
            return Results.Json(new JsonObject { ["resourceType"] = "OperationOutcome", ["issue"] = new JsonArray(new JsonObject
                { ["severity"] = "error", ["code"] = "expired", ["diagnostics"] = "token expired" }) }, statusCode: 401);
        if (r.Query["patient"] != Patient) Problems.Enqueue($"search for patient {r.Query["patient"]}");
        var codes = r.Query["code"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var matches = History.Where(h => h["resourceType"]!.GetValue<string>() == type && (codes.Length == 0
            || h["code"]?["coding"]?.AsArray().Any(c => codes.Contains($"{c!["system"]}|{c["code"]}")) == true));
        return Results.Json(new JsonObject
        {
            ["resourceType"] = "Bundle", ["type"] = "searchset",
            ["entry"] = new JsonArray([.. matches.Select(m => (JsonNode)new JsonObject { ["resource"] = m.DeepClone() })]),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
