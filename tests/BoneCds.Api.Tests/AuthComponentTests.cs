using BoneCds.Api.Auth;
using BoneCds.Api.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace BoneCds.Api.Tests;

/// <summary>The token pieces on their own: replay cache, JWKS cache and validator, against a real loopback JWKS endpoint.</summary>
public class AuthComponentTests(EhrKeys keys) : IClassFixture<EhrKeys>
{
    private static readonly DateTimeOffset Start = ApiFactory.Today;
    private const string Audience = "https://cds.test/cds-services/bone-health-patient-view";

    private JwksCache Jwks(TestClock clock) => new(
        new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>(),
        new ClinicalTime(clock), NullLogger<JwksCache>.Instance);

    private CdsTokenValidator Validator(TestClock clock)
    {
        var options = new CdsAuthOptions
        {
            AllowHttpLoopback = true,
            Clients = [new CdsClientOptions { Issuer = EhrKeys.Issuer, JwksUrl = keys.Server.BaseUrl + "/jwks.json" }],
        };
        return new CdsTokenValidator(new TestOptions<CdsAuthOptions>(options), Jwks(clock), Replay(clock), new ClinicalTime(clock));
    }

    private static ReplayCache Replay(TestClock clock, int capacity = 100_000) =>
        new(new ClinicalTime(clock), new TestOptions<CdsAuthOptions>(new CdsAuthOptions { ReplayCacheCapacity = capacity }));

    [Fact]
    public void Replay_cache_refuses_a_jti_until_it_expires_and_keeps_issuers_apart()
    {
        var clock = new TestClock(Start);
        var cache = Replay(clock);
        var expires = Start.AddMinutes(5);
        Assert.True(cache.TryRemember("iss-a", "jti-1", expires));
        Assert.False(cache.TryRemember("iss-a", "jti-1", expires));
        Assert.True(cache.TryRemember("iss-b", "jti-1", expires));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True(cache.TryRemember("iss-a", "jti-1", clock.GetUtcNow().AddMinutes(5)));
    }

    [Fact]
    public async Task The_same_token_sent_many_times_at_once_passes_once()
    {
        var cache = Replay(new TestClock(Start));
        var passed = 0;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() =>
        {
            if (cache.TryRemember("iss", "same-jti", Start.AddMinutes(5))) Interlocked.Increment(ref passed);
        })));
        Assert.Equal(1, passed);
    }

    [Fact]
    public void A_full_replay_cache_refuses_new_tokens_until_old_ones_expire()
    {
        var clock = new TestClock(Start);
        var cache = Replay(clock, capacity: 3);
        for (var i = 0; i < 3; i++) Assert.True(cache.TryRemember("iss", $"jti-{i}", Start.AddMinutes(5)));
        Assert.False(cache.TryRemember("iss", "jti-3", Start.AddMinutes(5)));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True(cache.TryRemember("iss", "jti-3", clock.GetUtcNow().AddMinutes(5)));
        Assert.True(cache.Count <= 3);
    }

    [Fact]
    public async Task A_failing_jwks_endpoint_is_asked_once_per_interval_and_stale_keys_age_out()
    {
        var clock = new TestClock(Start);
        var jwks = Jwks(clock);
        var url = keys.Server.BaseUrl + "/jwks.json";
        Assert.NotEmpty(await jwks.GetKeysAsync(url, "rsa-1", CancellationToken.None));
        keys.Failing = true;
        try
        {
            clock.Advance(JwksCache.MaxAge);
            var before = keys.JwksRequests;
            for (var i = 0; i < 5; i++) Assert.NotEmpty(await jwks.GetKeysAsync(url, "rsa-1", CancellationToken.None)); // stale keys served
            Assert.Equal(before + 1, keys.JwksRequests); // one attempt, then remembered as failed
            clock.Advance(JwksCache.MaxStaleAge);
            Assert.Empty(await jwks.GetKeysAsync(url, "rsa-1", CancellationToken.None)); // too old to trust through an outage
        }
        finally { keys.Failing = false; }
    }

    [Fact]
    public async Task An_empty_key_set_never_replaces_a_good_one()
    {
        var clock = new TestClock(Start);
        var jwks = Jwks(clock);
        var url = keys.Server.BaseUrl + "/jwks.json";
        Assert.NotEmpty(await jwks.GetKeysAsync(url, null, CancellationToken.None));
        keys.ServeEmpty = true;
        try
        {
            clock.Advance(JwksCache.MaxAge);
            Assert.Contains(await jwks.GetKeysAsync(url, null, CancellationToken.None), k => k.KeyId == "rsa-1");
        }
        finally { keys.ServeEmpty = false; }
    }

    [Fact]
    public async Task Jwks_are_cached_and_refetched_for_an_unknown_kid_at_most_once_per_interval()
    {
        var clock = new TestClock(Start);
        var jwks = Jwks(clock);
        var url = keys.Server.BaseUrl + "/jwks.json";
        var before = keys.JwksRequests;

        var first = await jwks.GetKeysAsync(url, "rsa-1", CancellationToken.None);
        Assert.Contains(first, k => k.KeyId == "rsa-1");
        await jwks.GetKeysAsync(url, "rsa-1", CancellationToken.None);
        Assert.Equal(before + 1, keys.JwksRequests);

        await jwks.GetKeysAsync(url, "unknown-kid", CancellationToken.None);
        Assert.Equal(before + 1, keys.JwksRequests); // within the refresh floor: no new fetch
        clock.Advance(JwksCache.MinRefreshInterval + TimeSpan.FromSeconds(1));
        await jwks.GetKeysAsync(url, "unknown-kid", CancellationToken.None);
        Assert.Equal(before + 2, keys.JwksRequests);

        clock.Advance(JwksCache.MaxAge);
        await jwks.GetKeysAsync(url, "rsa-1", CancellationToken.None);
        Assert.Equal(before + 3, keys.JwksRequests); // aged out
    }

    [Fact]
    public async Task Validator_accepts_a_good_token_once_and_names_the_issuer()
    {
        var clock = new TestClock(Start);
        var validator = Validator(clock);
        var token = keys.Token(Start, Audience);
        var first = await validator.ValidateAsync("Bearer " + token, Audience, CancellationToken.None);
        Assert.True(first.Ok, first.Failure);
        Assert.Equal(EhrKeys.Issuer, first.Issuer);
        var replay = await validator.ValidateAsync("Bearer " + token, Audience, CancellationToken.None);
        Assert.Contains("jti replay", replay.Failure);
    }

    public static TheoryData<string, string, AuthFailureKind> Refusals => new()
    {
        { "wrong-audience", "audience", AuthFailureKind.Audience },
        { "hmac", "algorithm", AuthFailureKind.Signature },
        { "unknown-issuer", "issuer is not a registered", AuthFailureKind.Issuer },
        { "future-iat", "not yet valid", AuthFailureKind.Lifetime },
        { "not-a-jwt", "not a well-formed JWT", AuthFailureKind.Malformed },
        // The header's alg is the sender's text: "expired key replay" must not count as a lifetime, key or replay failure.
        { "alg-with-misleading-words", "signing algorithm", AuthFailureKind.Signature },
    };

    private static string Base64Url(string json) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Validator_refuses_with_the_reason_and_its_kind(string kind, string reason, AuthFailureKind expected)
    {
        var clock = new TestClock(Start);
        var token = kind switch
        {
            "wrong-audience" => keys.Token(Start, "https://cds.test/other"),
            "hmac" => keys.Token(Start, Audience, new SymmetricSecurityKey(new byte[32]) { KeyId = "h" }, SecurityAlgorithms.HmacSha256),
            "unknown-issuer" => keys.Token(Start, Audience, issuer: "https://other-ehr.example"),
            "future-iat" => keys.Token(Start.AddMinutes(10), Audience),
            "alg-with-misleading-words" => Base64Url("""{"alg":"expired key replay","typ":"JWT"}""") + "."
                + Base64Url("""{"iss":"https://ehr.example","jti":"j"}""") + ".c2ln",
            _ => "not.a.jwt",
        };
        var result = await Validator(clock).ValidateAsync("Bearer " + token, Audience, CancellationToken.None);
        Assert.False(result.Ok);
        Assert.Contains(reason, result.Failure);
        Assert.Equal(expected, result.Kind);
    }
}
