using System.Net;
using System.Text.Json.Nodes;
using BoneCds.Api.Feedback;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BoneCds.Api.Tests;

/// <summary>
/// Two replicas on one real PostgreSQL (the "several replicas share state"): a token used on one is refused on the
/// other, and feedback given through either shows in one summary. Each test gets its own schema.
/// </summary>
public class ReplicaTests(EhrKeys keys) : IClassFixture<EhrKeys>
{
    private const string Path = "/cds-services/bone-health-patient-view";

    private sealed class Replica(EhrKeys keys, string connectionString) : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(keys.AuthSettings())
        {
            ["Feedback:Provider"] = "postgres",
            ["Feedback:PostgresConnectionString"] = connectionString,
            ["Feedback:SummaryApiKeys:0"] = "governance-key-0123456789",
            ["FhirFetch:Enabled"] = "false",
        };
    }

    internal static async Task<string> FreshSchemaAsync()
    {
        var cs = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)
            ?? throw new InvalidOperationException($"CI must provide {PostgresFactAttribute.Variable}");
        var schema = $"replicas_{Guid.NewGuid():N}";
        await using var ds = NpgsqlDataSource.Create(cs);
        await using var cmd = ds.CreateCommand($"CREATE SCHEMA {schema}");
        await cmd.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(cs) { SearchPath = schema }.ToString();
    }

    private static HttpRequestMessage Signed(string token, string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = ApiFactory.Json(body) };
        request.Headers.Authorization = new("Bearer", token);
        return request;
    }

    [PostgresFact]
    public async Task A_token_used_on_one_replica_is_refused_on_the_other()
    {
        var cs = await FreshSchemaAsync();
        using var first = new Replica(keys, cs);
        using var second = new Replica(keys, cs);
        var token = keys.Token(first.Clock.GetUtcNow(), "http://localhost" + Path);
        var body = ApiFactory.Fixture("patient-view.json");
        Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().SendAsync(Signed(token, Path, body))).StatusCode);
        var replayed = await second.CreateClient().SendAsync(Signed(token, Path, body));
        Assert.True(replayed.StatusCode == HttpStatusCode.Unauthorized, string.Join("\n", first.Logs.Lines.Concat(second.Logs.Lines)));
        Assert.True(second.Logs.Contains("jti replay"));
    }

    /// <summary>Security review 2026-12-01, L5: such jtis made PostgreSQL throw, and each pod fell back to its own cache.</summary>
    [PostgresTheory]
    [InlineData("long")]
    [InlineData("nul")]
    public async Task A_long_or_NUL_jti_replayed_on_the_other_replica_is_refused(string kind)
    {
        var cs = await FreshSchemaAsync();
        using var first = new Replica(keys, cs);
        using var second = new Replica(keys, cs);
        var jti = kind == "long" ? new string('j', 3000) : "abc\u0000def";
        var token = keys.Token(first.Clock.GetUtcNow(), "http://localhost" + Path, jti: jti);
        var body = ApiFactory.Fixture("patient-view.json");
        var used = await first.CreateClient().SendAsync(Signed(token, Path, body));
        Assert.True(used.StatusCode == HttpStatusCode.OK, string.Join("\n", first.Logs.Lines));
        var replayed = await second.CreateClient().SendAsync(Signed(token, Path, body));
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.True(second.Logs.Contains("jti replay"));
        var outage = first.Logs.Lines.Concat(second.Logs.Lines).Where(l => l.Contains("replay cache", StringComparison.Ordinal)).ToList();
        Assert.True(outage.Count == 0, string.Join("\n", outage));
    }

    [PostgresFact]
    public async Task A_jti_over_the_limit_is_refused_on_every_replica()
    {
        var cs = await FreshSchemaAsync();
        using var replica = new Replica(keys, cs);
        var token = keys.Token(replica.Clock.GetUtcNow(), "http://localhost" + Path,
            jti: new string('j', BoneCds.Api.Auth.CdsTokenValidator.MaxJtiLength + 1));
        var response = await replica.CreateClient().SendAsync(Signed(token, Path, ApiFactory.Fixture("patient-view.json")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(replica.Logs.Contains("jti is too long"));
    }

    [PostgresFact]
    public async Task Feedback_given_through_either_replica_shows_in_one_summary()
    {
        var cs = await FreshSchemaAsync();
        using var first = new Replica(keys, cs);
        using var second = new Replica(keys, cs);
        var hook = await first.CreateClient().SendAsync(Signed(keys.Token(first.Clock.GetUtcNow(), "http://localhost" + Path), Path,
            ApiFactory.Fixture("patient-view.json")));
        var cards = JsonNode.Parse(await hook.Content.ReadAsStringAsync())!.Cards();
        await first.Services.GetRequiredService<IssuedCardRecorder>().FlushAsync(CancellationToken.None);

        string Feedback(string rule) => new JsonObject
        {
            ["feedback"] = new JsonArray(new JsonObject
            {
                ["card"] = cards.Card(rule).Text("uuid"), ["outcome"] = "overridden", ["outcomeTimestamp"] = "2026-11-25T12:06:00Z",
            }),
        }.ToJsonString();
        foreach (var (replica, rule) in new[] { (first, "NUTRITION"), (second, "VITD-DEFICIENT") })
        {
            var token = keys.Token(replica.Clock.GetUtcNow(), "http://localhost" + Path + "/feedback");
            var response = await replica.CreateClient().SendAsync(Signed(token, Path + "/feedback", Feedback(rule)));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
        foreach (var replica in new[] { first, second })
        {
            var client = replica.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", "governance-key-0123456789");
            var summary = JsonNode.Parse(await client.GetStringAsync("/api/v1/feedback/summary"))!;
            Assert.Equal(2, summary.At("totalFeedback").GetValue<int>());
        }
    }
}
