using System.Net;
using System.Text.Json.Nodes;
using BoneCds.Api.Feedback;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BoneCds.Api.Tests;

public sealed class FeedbackFactory : ApiFactory
{
    public Dictionary<string, string?> Extra { get; init; } = [];
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(Extra)
    {
        ["Auth:AllowUnauthenticated"] = Extra.GetValueOrDefault("Auth:AllowUnauthenticated") ?? "true",
        ["Feedback:SummaryApiKeys:0"] = "governance-key",
        ["FhirFetch:Enabled"] = "false",
    };
}

/// <summary>Skips with a visible reason when no PostgreSQL is reachable, except in CI, where .ci/run provides one and the test must run.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "BONECDS_TEST_POSTGRES";
    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)) && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = $"No PostgreSQL: set {Variable} to an Npgsql connection string to run this test (.ci/run does).";
    }
}

/// <summary>As <see cref="PostgresFactAttribute"/>, for a theory.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable))
            && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = $"No PostgreSQL: set {PostgresFactAttribute.Variable} to an Npgsql connection string to run this test (.ci/run does).";
    }
}

public class FeedbackTests
{
    private static async Task<List<JsonNode>> IssueCards(ApiFactory factory)
    {
        var response = await factory.CreateClient().PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json(ApiFactory.Fixture("patient-view.json")));
        var cards = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Cards();
        await factory.Services.GetRequiredService<IssuedCardRecorder>().FlushAsync(CancellationToken.None);
        return cards;
    }

    private static string Accepted(JsonNode card) => new JsonObject
    {
        ["feedback"] = new JsonArray(new JsonObject
        {
            ["card"] = card.At("uuid").GetValue<string>(), ["outcome"] = "accepted",
            ["acceptedSuggestions"] = new JsonArray(new JsonObject { ["id"] = card.At("suggestions", 0, "uuid").GetValue<string>() }),
            ["outcomeTimestamp"] = "2026-11-25T12:05:00Z",
        }),
    }.ToJsonString();

    private static string Overridden(JsonNode card, string code) => new JsonObject
    {
        ["feedback"] = new JsonArray(new JsonObject
        {
            ["card"] = card.At("uuid").GetValue<string>(), ["outcome"] = "overridden",
            ["overrideReason"] = new JsonObject
            {
                ["reason"] = new JsonObject { ["system"] = "http://bonecds.org/CodeSystem/override-reason", ["code"] = code, ["display"] = code },
                ["userComment"] = "discussed with patient",
            },
            ["outcomeTimestamp"] = "2026-11-25T12:06:00Z",
        }),
    }.ToJsonString();

    private static async Task Post(ApiFactory f, string body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await f.CreateClient().PostAsync("/cds-services/bone-health-patient-view/feedback", ApiFactory.Json(body));
        Assert.True(expected == response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonNode> Summary(ApiFactory f)
    {
        var client = f.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "governance-key");
        return JsonNode.Parse(await client.GetStringAsync("/api/v1/feedback/summary"))!;
    }

    private static JsonNode Rule(JsonNode summary, string rule) => summary["rules"]!.AsArray().Single(r => r!["ruleId"]!.GetValue<string>() == rule)!;

    private static async Task Feedback_survives_a_restart(Dictionary<string, string?> settings, string? db = null)
    {
        db ??= Path.Combine(Path.GetTempPath(), $"bonecds-test-{Guid.NewGuid():N}.db");
        using (var before = new FeedbackFactory { Extra = settings, FeedbackDb = db })
        {
            var cards = await IssueCards(before);
            await Post(before, Accepted(cards.Card("VITD-DEFICIENT")));
            await Post(before, Overridden(cards.Card("NUTRITION"), "patient-declined"));
            await Post(before, Overridden(cards.Card("TREAT-PHARMACOLOGICAL"), "already-addressed"));
        }
        using var after = new FeedbackFactory { Extra = settings, FeedbackDb = db };
        var summary = await Summary(after);
        var vitaminD = Rule(summary, "VITD-DEFICIENT");
        Assert.Equal(1, vitaminD["accepted"]!.GetValue<int>());
        // v3 "One rule per card": the rules a card lists beside its own are shown as contributing, never counted.
        Assert.Contains("PTH-SECONDARY-HPT", vitaminD["contributingRules"]!.AsArray().Select(r => r!.GetValue<string>()));
        var nutrition = Rule(summary, "NUTRITION");
        Assert.Equal(1, nutrition.At("overridden").GetValue<int>());
        Assert.Equal("patient-declined", nutrition.At("overrideReasons", 0, "code").GetValue<string>());
        Assert.Equal(1, Rule(summary, "TREAT-PHARMACOLOGICAL")["overridden"]!.GetValue<int>());
        var counted = summary["rules"]!.AsArray().Select(r => r!["ruleId"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("PTH-SECONDARY-HPT", counted);
        Assert.DoesNotContain("BMD-OSTEOPOROSIS", counted); // dismissing the nutrition or therapy card is not an override of it
        Assert.DoesNotContain("SUPP-MAGNESIUM", counted);
        Assert.Equal(3, summary.At("totalFeedback").GetValue<int>());
    }

    [Fact]
    public Task Feedback_survives_a_restart_on_sqlite() => Feedback_survives_a_restart([]);

    /// <summary>v3 migration: a store written before cards had their own rule is upgraded in place and still summarised.</summary>
    [Fact]
    public async Task A_store_from_before_v3_is_upgraded_and_its_feedback_counts_under_the_first_listed_rule()
    {
        var db = Path.Combine(Path.GetTempPath(), $"bonecds-test-{Guid.NewGuid():N}.db");
        await using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db}"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            // The v2 schema, as an earlier release left it, with one issued card and feedback on it.
            cmd.CommandText = """
                CREATE TABLE issued_cards (card_uuid TEXT PRIMARY KEY, service_id TEXT NOT NULL, rule_ids TEXT NOT NULL,
                  issued_at TEXT NOT NULL, client_id TEXT NOT NULL DEFAULT '');
                CREATE TABLE card_feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, card_uuid TEXT NOT NULL, service_id TEXT NOT NULL,
                  outcome TEXT NOT NULL, accepted_suggestions TEXT NOT NULL, override_system TEXT NULL, override_code TEXT NULL,
                  override_display TEXT NULL, user_comment TEXT NULL, outcome_timestamp TEXT NOT NULL, received_at TEXT NOT NULL,
                  client_id TEXT NOT NULL DEFAULT '');
                INSERT INTO issued_cards VALUES ('11111111-2222-4333-8444-555555555555', 'bone-health-patient-view',
                  'SUPP-MAGNESIUM,BMD-OSTEOPOROSIS', '2026-11-20T00:00:00Z', 'development');
                INSERT INTO card_feedback (card_uuid, service_id, outcome, accepted_suggestions, override_code, outcome_timestamp,
                  received_at, client_id) VALUES ('11111111-2222-4333-8444-555555555555', 'bone-health-patient-view', 'overridden',
                  '', 'patient-declined', '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z', 'development');
                """;
            await cmd.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var upgraded = new FeedbackFactory { FeedbackDb = db };
        var summary = await Summary(upgraded);
        var magnesium = Rule(summary, "SUPP-MAGNESIUM");
        Assert.Equal(1, magnesium["overridden"]!.GetValue<int>());
        Assert.Equal(["BMD-OSTEOPOROSIS"], magnesium["contributingRules"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [PostgresFact]
    public async Task Feedback_survives_a_restart_on_postgres()
    {
        var cs = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)
            ?? throw new InvalidOperationException($"CI must provide {PostgresFactAttribute.Variable}");
        var schema = $"test_{Guid.NewGuid():N}";
        await using (var ds = NpgsqlDataSource.Create(cs))
        await using (var cmd = ds.CreateCommand($"CREATE SCHEMA {schema}"))
            await cmd.ExecuteNonQueryAsync();
        var scoped = new NpgsqlConnectionStringBuilder(cs) { SearchPath = schema }.ToString();
        await Feedback_survives_a_restart(new() { ["Feedback:Provider"] = "postgres", ["Feedback:PostgresConnectionString"] = scoped });
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { """{"feedback":[]}""", "non-empty array" },
        { """{"feedback":[{"card":"not-a-uuid","outcome":"accepted","outcomeTimestamp":"2026-11-25T12:00:00Z"}]}""", "uuid" },
        { """{"feedback":[{"card":"3f2b1c9e-1a2b-4c3d-8e9f-0a1b2c3d4e5f","outcome":"maybe","outcomeTimestamp":"2026-11-25T12:00:00Z"}]}""", "outcome" },
        { """{"feedback":[{"card":"3f2b1c9e-1a2b-4c3d-8e9f-0a1b2c3d4e5f","outcome":"overridden"}]}""", "outcomeTimestamp" },
        { """{"feedback":[{"card":"3f2b1c9e-1a2b-4c3d-8e9f-0a1b2c3d4e5f","outcome":"accepted","outcomeTimestamp":"2026-11-25T12:00:00Z"}]}""", "acceptedSuggestions" },
        { """{"feedback":"x"}""", "not valid feedback JSON" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Invalid_feedback_is_400_with_the_reason(string body, string expected)
    {
        using var f = new FeedbackFactory();
        var response = await f.CreateClient().PostAsync("/cds-services/bone-health-patient-view/feedback", ApiFactory.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Feedback_for_unknown_service_is_404()
    {
        using var f = new FeedbackFactory();
        var response = await f.CreateClient().PostAsync("/cds-services/nope/feedback", ApiFactory.Json("""{"feedback":[]}"""));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Summary_needs_an_api_key_and_feedback_needs_a_token_when_auth_is_on()
    {
        using var f = new FeedbackFactory { Extra = new() { ["Auth:AllowUnauthenticated"] = "false" } };
        var client = f.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/feedback/summary")).StatusCode);
        client.DefaultRequestHeaders.Add("X-Api-Key", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/feedback/summary")).StatusCode);
        var feedback = await f.CreateClient().PostAsync("/cds-services/bone-health-patient-view/feedback", ApiFactory.Json("""{"feedback":[]}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, feedback.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Summary(f) is not null) ? HttpStatusCode.OK : HttpStatusCode.InternalServerError);
    }
}

public class FeedbackStoreDownTests
{
    [Fact]
    public async Task With_the_database_down_hooks_still_answer_readiness_is_degraded_and_feedback_is_503()
    {
        using var f = new FeedbackFactory { Extra = new()
        {
            ["Feedback:Provider"] = "postgres",
            ["Feedback:PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=2",
        } };
        var client = f.CreateClient();
        var hook = await client.PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json(ApiFactory.Fixture("patient-view.json")));
        Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        // Readiness means "can answer hooks" (review M7): Degraded, still 200; the store's own endpoint says it is down.
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/store")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var feedback = await client.PostAsync("/cds-services/bone-health-patient-view/feedback", ApiFactory.Json(ApiFactory.Fixture("feedback-example.json")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, feedback.StatusCode);
    }

    [Fact]
    public async Task With_the_database_down_a_hook_suppresses_nothing_and_says_so_in_the_log()
    {
        var settings = Suppression.SuppressionTests.KeySettings(("k1", Suppression.SuppressionTests.KeyOne, null));
        settings["Feedback:Provider"] = "postgres";
        settings["Feedback:PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=2";
        using var f = new FeedbackFactory { Extra = settings };
        var cards = await Suppression.SuppressionTests.Hook(f, Suppression.SuppressionTests.PatientView());
        Assert.Contains(cards, c => c.OwnRule() == "VITD-DEFICIENT");
        Assert.True(f.Logs.Contains("Suppression lookup failed"));
    }
}
