using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BoneCds.Api.Tests;

/// <summary>An EHR stand-in: signing keys generated here, published from a real loopback JWKS endpoint.</summary>
public sealed class EhrKeys : IAsyncLifetime
{
    public const string Issuer = "https://ehr.test.example";
    public RsaSecurityKey Rsa { get; } = new(RSA.Create(2048)) { KeyId = "rsa-1" };
    public ECDsaSecurityKey Ec { get; } = new(ECDsa.Create(ECCurve.NamedCurves.nistP384)) { KeyId = "ec-1" };
    public List<SecurityKey> Published { get; } = [];
    public LoopbackServer Server { get; private set; } = null!;
    public int JwksRequests;
    /// <summary>The JWKS endpoint answers 503 (an EHR outage) or an empty key set, while set.</summary>
    public volatile bool Failing;
    public volatile bool ServeEmpty;

    public async Task InitializeAsync()
    {
        Published.AddRange([Rsa, Ec]);
        Server = await LoopbackServer.StartAsync(app => app.MapGet("/jwks.json", () =>
        {
            Interlocked.Increment(ref JwksRequests);
            if (Failing) return Results.StatusCode(503);
            if (ServeEmpty) return Results.Text("""{"keys":[]}""", "application/json");
            var keys = new JsonArray(Published.Select(k => (JsonNode)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(
                JsonWebKeyConverter.ConvertFromSecurityKey(k) is var jwk ? Public(jwk) : null))!).ToArray());
            return Results.Text(new JsonObject { ["keys"] = keys }.ToJsonString(), "application/json");
        }));
    }

    // Publish only the public parts.
    private static object Public(JsonWebKey k) => k.Kty == "RSA"
        ? new { kty = k.Kty, kid = k.Kid, use = "sig", n = k.N, e = k.E, alg = "RS384" }
        : new { kty = k.Kty, kid = k.Kid, use = "sig", crv = k.Crv, x = k.X, y = k.Y, alg = "ES384" };

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Host settings with authentication on and this EHR (plus any other issuers, same keys) registered.</summary>
    public Dictionary<string, string?> AuthSettings(params string[] otherIssuers)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:AllowUnauthenticated"] = "false",
            ["Auth:PublicBaseUrl"] = "http://localhost",
            ["Auth:AllowHttpLoopback"] = "true",
        };
        foreach (var (issuer, i) in otherIssuers.Prepend(Issuer).Select((issuer, i) => (issuer, i)))
        {
            settings[$"Auth:Clients:{i}:Issuer"] = issuer;
            settings[$"Auth:Clients:{i}:JwksUrl"] = Server.BaseUrl + "/jwks.json";
        }
        return settings;
    }

    public string Token(DateTimeOffset now, string audience, SecurityKey? key = null, string? alg = null, string issuer = Issuer,
        TimeSpan? lifetime = null, string? jti = null, IDictionary<string, object>? header = null)
    {
        key ??= Rsa;
        alg ??= key is RsaSecurityKey ? SecurityAlgorithms.RsaSha384 : SecurityAlgorithms.EcdsaSha384;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + (lifetime ?? TimeSpan.FromMinutes(5))).UtcDateTime,
            Claims = new Dictionary<string, object> { ["jti"] = jti ?? Guid.NewGuid().ToString() },
            SigningCredentials = new SigningCredentials(key, alg),
            AdditionalHeaderClaims = header,
        });
    }
}

public class AuthFactory(EhrKeys keys, bool detailedErrors = true) : ApiFactory
{
    public const string ApiKey = "test-api-key-0123456789abcdef";
    public const string SummaryKey = "test-summary-key-0123456789abcdef";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:AllowUnauthenticated"] = "false",
        ["Auth:DetailedErrors"] = detailedErrors.ToString(),
        ["Auth:AllowHttpLoopback"] = "true",
        ["Auth:PublicBaseUrl"] = "http://localhost",
        ["Auth:AssessmentsPerMinute"] = "3",
        ["Auth:ApiKeys:0:Name"] = "analytics",
        ["Auth:ApiKeys:0:Key"] = ApiKey,
        ["Feedback:SummaryApiKeys:0"] = SummaryKey,
        ["FhirFetch:Enabled"] = "false",
        ["Auth:Clients:0:Issuer"] = EhrKeys.Issuer,
        ["Auth:Clients:0:JwksUrl"] = keys.Server.BaseUrl + "/jwks.json",
        ["Auth:Clients:0:AllowedJkus:0"] = keys.Server.BaseUrl + "/jwks.json",
    };
}

public class AuthTests(EhrKeys keys) : IClassFixture<EhrKeys>, IDisposable
{
    private const string Path = "/cds-services/bone-health-patient-view";
    private const string Audience = "http://localhost" + Path;
    private readonly AuthFactory _factory = new(keys);

    public void Dispose() => _factory.Dispose();

    private async Task<HttpResponseMessage> Call(string? token)
    {
        var client = _factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = ApiFactory.Json(ApiFactory.Fixture("patient-view.json")) };
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        return await client.SendAsync(request);
    }

    private async Task AssertRejected(string? token, string reason)
    {
        var response = await Call(token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(reason, JsonNode.Parse(body)!["detail"]!.GetValue<string>());
        Assert.DoesNotContain("   at ", body);
    }

    private DateTimeOffset Now => _factory.Clock.GetUtcNow();

    [Fact]
    public async Task Rs384_signed_token_is_accepted()
    {
        var response = await Call(keys.Token(Now, Audience));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Es384_signed_token_is_accepted() =>
        Assert.Equal(HttpStatusCode.OK, (await Call(keys.Token(Now, Audience, keys.Ec))).StatusCode);

    [Fact]
    public async Task Discovery_stays_open()
    {
        var response = await _factory.CreateClient().GetAsync("/cds-services");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact] public Task Unsigned_call_is_rejected() => AssertRejected(null, "The bearer token is missing");
    [Fact] public Task Wrong_issuer_is_rejected() => AssertRejected(keys.Token(Now, Audience, issuer: "https://evil.example"), "issuer");
    [Fact] public Task Wrong_audience_is_rejected() => AssertRejected(keys.Token(Now, "http://localhost/cds-services/other"), "audience");
    [Fact] public Task Expired_token_is_rejected() => AssertRejected(keys.Token(Now.AddMinutes(-20), Audience), "expired");
    [Fact] public Task Token_lifetime_over_limit_is_rejected() => AssertRejected(keys.Token(Now, Audience, lifetime: TimeSpan.FromHours(2)), "lifetime");

    [Fact]
    public Task Bad_signature_is_rejected()
    {
        var other = new RsaSecurityKey(RSA.Create(2048)) { KeyId = keys.Rsa.KeyId }; // same kid, different key
        return AssertRejected(keys.Token(Now, Audience, other), "signature");
    }

    [Fact]
    public Task Alg_none_is_rejected()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode($$"""{"iss":"{{EhrKeys.Issuer}}","aud":"{{Audience}}","exp":{{Now.AddMinutes(5).ToUnixTimeSeconds()}},"iat":{{Now.ToUnixTimeSeconds()}},"jti":"x"}""");
        return AssertRejected($"{header}.{payload}.", "algorithm");
    }

    [Fact]
    public Task Hmac_token_is_rejected() =>
        AssertRejected(keys.Token(Now, Audience, new SymmetricSecurityKey(new byte[32]) { KeyId = "h" }, SecurityAlgorithms.HmacSha256), "algorithm");

    [Fact]
    public Task Unknown_kid_is_rejected() =>
        AssertRejected(keys.Token(Now, Audience, new RsaSecurityKey(RSA.Create(2048)) { KeyId = "never-published" }), "kid");

    [Fact]
    public async Task Replayed_jti_is_rejected()
    {
        var token = keys.Token(Now, Audience, jti: "once-only");
        Assert.Equal(HttpStatusCode.OK, (await Call(token)).StatusCode);
        await AssertRejected(token, "replay");
    }

    [Fact]
    public Task Jku_not_on_allow_list_is_rejected() =>
        AssertRejected(keys.Token(Now, Audience, header: new Dictionary<string, object> { ["jku"] = "https://attacker.example/jwks.json" }), "jku");

    [Fact]
    public async Task Allow_listed_jku_is_used()
    {
        var token = keys.Token(Now, Audience, header: new Dictionary<string, object> { ["jku"] = keys.Server.BaseUrl + "/jwks.json" });
        Assert.Equal(HttpStatusCode.OK, (await Call(token)).StatusCode);
    }

    [Fact]
    public async Task Rotated_key_is_fetched_when_an_unknown_kid_arrives()
    {
        Assert.Equal(HttpStatusCode.OK, (await Call(keys.Token(Now, Audience))).StatusCode); // caches the current set
        var rotated = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rsa-rotated-" + Guid.NewGuid() };
        keys.Published.Add(rotated);
        _factory.Clock.Advance(TimeSpan.FromSeconds(30)); // past the refetch floor
        Assert.Equal(HttpStatusCode.OK, (await Call(keys.Token(Now, Audience, rotated))).StatusCode);
    }
}

/// <summary>The plain API and the 401 oracle (security review M1, L3, M5).</summary>
public class ApiAccessTests(EhrKeys keys) : IClassFixture<EhrKeys>
{
    private static HttpRequestMessage Assessment(string? apiKey = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/assessments")
        {
            Content = ApiFactory.Json(ApiFactory.Fixture("assessment-bundle.json"), "application/fhir+json"),
        };
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        return request;
    }

    [Fact]
    public async Task The_assessment_api_needs_a_credential()
    {
        using var factory = new AuthFactory(keys);
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Assessment())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Assessment(apiKey: "wrong-key-0123456789abcdef"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Assessment(apiKey: AuthFactory.ApiKey))).StatusCode);
        var token = keys.Token(factory.Clock.GetUtcNow(), "http://localhost/api/v1/assessments");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Assessment(bearer: token))).StatusCode);
    }

    [Fact]
    public async Task Each_credential_opens_only_its_own_endpoints()
    {
        using var factory = new AuthFactory(keys);
        var client = factory.CreateClient();
        var token = keys.Token(factory.Clock.GetUtcNow(), "http://localhost/api/v1/assessments");
        // A governance key is not an API key, and a wrong key is refused even beside a valid token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Assessment(apiKey: AuthFactory.SummaryKey))).StatusCode);
        var mixed = await client.SendAsync(Assessment(apiKey: "wrong-key-0123456789abcdef", bearer: token));
        Assert.Equal(HttpStatusCode.Unauthorized, mixed.StatusCode);
        Assert.Equal("The API key was rejected: unknown API key.", JsonNode.Parse(await mixed.Content.ReadAsStringAsync())!.Text("detail"));

        async Task<HttpStatusCode> Summary(string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/feedback/summary");
            request.Headers.Add("X-Api-Key", key);
            return (await client.SendAsync(request)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await Summary(AuthFactory.SummaryKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await Summary(AuthFactory.ApiKey));

        // A CDS service takes the EHR's JWT only: an API key is not a token.
        var hook = new HttpRequestMessage(HttpMethod.Post, "/cds-services/bone-health-patient-view")
        {
            Content = ApiFactory.Json(ApiFactory.Fixture("patient-view.json")),
        };
        hook.Headers.Add("X-Api-Key", AuthFactory.ApiKey);
        var refused = await client.SendAsync(hook);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("The bearer token is missing.", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!.Text("detail"));
    }

    [Fact]
    public async Task The_assessment_api_is_rate_limited_per_caller()
    {
        using var factory = new AuthFactory(keys);
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Assessment(apiKey: AuthFactory.ApiKey))).StatusCode);
        var limited = await client.SendAsync(Assessment(apiKey: AuthFactory.ApiKey));
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        // Retry-After is the limiter lease's own wait: when this caller's bucket refills, never more than its one-minute period.
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        // Another caller has its own bucket.
        var token = keys.Token(factory.Clock.GetUtcNow(), "http://localhost/api/v1/assessments");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Assessment(bearer: token))).StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/assessments", false)]
    [InlineData("/cds-services/bone-health-patient-view", true)]
    public async Task Only_the_cds_hooks_routes_are_cors_open(string path, bool open)
    {
        using var factory = new AuthFactory(keys);
        var preflight = new HttpRequestMessage(HttpMethod.Options, path);
        preflight.Headers.Add("Origin", "https://sandbox.cds-hooks.org");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var response = await factory.CreateClient().SendAsync(preflight);
        Assert.Equal(open, response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_401_is_generic_and_the_reason_goes_to_the_log()
    {
        using var factory = new AuthFactory(keys, detailedErrors: false);
        var request = new HttpRequestMessage(HttpMethod.Post, "/cds-services/bone-health-patient-view")
        {
            Content = ApiFactory.Json(ApiFactory.Fixture("patient-view.json")),
        };
        request.Headers.Authorization = new("Bearer", keys.Token(factory.Clock.GetUtcNow(), "http://localhost/x", issuer: "https://evil.example"));
        var response = await factory.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("The bearer token was rejected.", JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Text("detail"));
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.True(factory.Logs.Contains("issuer is not a registered CDS client"));
    }

    [Fact]
    public async Task The_host_header_does_not_set_the_audience()
    {
        using var factory = new AuthFactory(keys);
        var request = new HttpRequestMessage(HttpMethod.Post, "http://other-cds.example/cds-services/bone-health-patient-view")
        {
            Content = ApiFactory.Json(ApiFactory.Fixture("patient-view.json")),
        };
        request.Headers.Authorization = new("Bearer",
            keys.Token(factory.Clock.GetUtcNow(), "http://other-cds.example/cds-services/bone-health-patient-view"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().SendAsync(request)).StatusCode);
    }
}
