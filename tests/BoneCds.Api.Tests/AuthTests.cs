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

    public async Task InitializeAsync()
    {
        Published.AddRange([Rsa, Ec]);
        Server = await LoopbackServer.StartAsync(app => app.MapGet("/jwks.json", () =>
        {
            Interlocked.Increment(ref JwksRequests);
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

public sealed class AuthFactory(EhrKeys keys) : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:AllowUnauthenticated"] = "false",
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

    [Fact] public Task Unsigned_call_is_rejected() => AssertRejected(null, "missing bearer token");
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
