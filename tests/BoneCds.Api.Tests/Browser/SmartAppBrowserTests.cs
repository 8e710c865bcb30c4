using System.Globalization;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static BoneCds.Api.Tests.Browser.SwaggerUiBrowserTests;

namespace BoneCds.Api.Tests.Browser;

/// <summary>
/// The trend page (issue 15) in Debian's headless Chromium: an EHR launch against <see cref="MockSmartEhr"/> on loopback, the
/// page served by BoneCds on loopback, charts read back through their data attributes, messages for each way the launch can go
/// wrong, and axe. A screenshot goes to artifacts/screenshots (UPDATE_SCREENSHOTS=1 also writes docs/smart-app.png).
/// </summary>
public class SmartAppBrowserTests
{
    /// <summary>The host the page is served from; the mock EHR is on a loopback port, so the page may reach it (a hospital lists its
    /// EHR's https origins).</summary>
    private static LoopbackApiFactory SmartAppHost() => new()
    {
        Extra = { ["SmartApp:ConnectSources:0"] = "http://127.0.0.1:*", ["Feedback:SummaryApiKeys:0"] = "governance-key" },
    };

    private sealed class Session : IAsyncDisposable
    {
        public required LoopbackApiFactory Host { get; init; }
        public required MockSmartEhr Ehr { get; init; }
        public required IPlaywright Playwright { get; init; }
        public required IBrowser Browser { get; init; }
        public required IPage Page { get; init; }
        public List<string> Console { get; } = [];

        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
            await Ehr.DisposeAsync();
            Host.Dispose();
        }
    }

    private static async Task<Session> LaunchPageAsync(MockSmartEhr ehr)
    {
        var host = SmartAppHost();
        host.StartServer();
        await MockSmartEhr.StartAsync(ehr);
        var (playwright, browser) = await LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var session = new Session { Host = host, Ehr = ehr, Playwright = playwright, Browser = browser, Page = page };
        page.Console += (_, m) => session.Console.Add($"{m.Type}: {m.Text}");
        // Loopback only: the page may reach BoneCds and the mock EHR, nothing else.
        await page.RouteAsync("**/*", route => route.Request.Url.StartsWith(host.BaseUrl, StringComparison.Ordinal)
            || route.Request.Url.StartsWith(ehr.BaseUrl, StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());
        await page.GotoAsync($"{host.BaseUrl}/app/launch.html?iss={Uri.EscapeDataString(ehr.Iss)}&launch={MockSmartEhr.LaunchToken}");
        return session;
    }

    private static async Task<ILocator> MessageAsync(Session s, string id)
    {
        var message = s.Page.Locator($"#message-{id}");
        try { await message.WaitForAsync(new LocatorWaitForOptions { Timeout = 20000 }); }
        catch (TimeoutException) { Assert.Fail($"no #message-{id}; console: {string.Join(" | ", s.Console)}; problems: {string.Join(", ", s.Ehr.Problems)}"); }
        return message;
    }

    private static async Task ChartsAsync(Session s)
    {
        try { await s.Page.Locator("#charts figure").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 20000 }); }
        catch (TimeoutException)
        {
            Assert.Fail($"no chart; messages: {await s.Page.Locator("#messages").InnerTextAsync()}; console: {string.Join(" | ", s.Console)}; "
                + $"problems: {string.Join(", ", s.Ehr.Problems)}");
        }
    }

    [BrowserFact]
    public async Task The_launch_completes_and_the_chart_shows_the_prepared_history_against_the_services_bands()
    {
        var history = SmartAppHistory.Full();
        await using var s = await LaunchPageAsync(new MockSmartEhr { History = history });
        await ChartsAsync(s);
        Assert.Empty(s.Ehr.Problems);
        Assert.Equal("S256", s.Ehr.Authorized["code_challenge_method"]);
        Assert.Equal(s.Ehr.Iss, s.Ehr.Authorized["aud"]);

        var points = await s.Page.Locator("#charts [data-loinc]").EvaluateAllAsync<string[][]>(
            "els => els.map(e => [e.dataset.loinc, e.dataset.value, e.dataset.unit, e.dataset.date])");
        var drawn = points.Select(p => (Loinc: p[0], Value: decimal.Parse(p[1], CultureInfo.InvariantCulture), Unit: p[2], Date: p[3]))
            .OrderBy(p => p.Date).ThenBy(p => p.Loinc).ToList();
        var expected = SmartAppHistory.Plotted(history).OrderBy(p => p.Date).ThenBy(p => p.Loinc).ToList();
        Assert.Equal(expected.Count, drawn.Count);
        foreach (var (e, d) in expected.Zip(drawn))
        {
            Assert.Equal((e.Loinc, e.Unit, e.Date), (d.Loinc, d.Unit, d.Date));
            Assert.True(Math.Abs(e.Value - d.Value) <= 0.01m, $"{e.Loinc} {e.Date}: expected {e.Value}, drawn {d.Value}");
        }
        // A result reported in nmol/L is drawn in ng/mL: 2016-06-15, 14 ng/mL reported as 34.9 nmol/L.
        Assert.Contains(drawn, p => p.Date == "2016-06-15" && p.Unit == "ng/mL" && Math.Abs(p.Value - 13.98m) <= 0.01m);
        Assert.DoesNotContain(drawn, p => p.Date == "2020-02-02"); // entered in error

        var t = new Rules.Classification.RuleThresholds();
        var tiers = await s.Page.Locator("#charts figure").First.Locator("[data-tier]").EvaluateAllAsync<string[][]>(
            "els => els.map(e => [e.dataset.tier, e.dataset.from, e.dataset.to])");
        Assert.Equal(
            [["severe deficiency", "0", $"{t.VitaminDSevereBelow}"], ["moderate deficiency", $"{t.VitaminDSevereBelow}", $"{t.VitaminDDeficientBelow}"],
             ["insufficiency", $"{t.VitaminDDeficientBelow}", $"{t.VitaminDInsufficientBelow}"],
             ["sufficiency", $"{t.VitaminDInsufficientBelow}", $"{t.VitaminDSufficientMax}"], ["high", $"{t.VitaminDSufficientMax}", $"{t.VitaminDHighMax}"],
             ["potential toxicity", $"{t.VitaminDHighMax}", ""]], tiers);
        var lines = await s.Page.Locator("[data-threshold]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.threshold)");
        Assert.Contains("-1", lines);
        Assert.Contains("-2.5", lines);
        var medications = await s.Page.Locator("[data-medication]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.group + ':' + e.dataset.start)");
        Assert.Equal(["anti-osteoporosis:2017-01-10", "vitamin D:2020-06-01", "anti-osteoporosis:2023-02-01"], medications);
        var fractures = await s.Page.Locator("[data-fracture]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.fracture + ':' + e.dataset.date)");
        Assert.Equal(["S72.001A:2021-08-20"], fractures); // the refuted vertebral fracture is not marked
        await Assertions.Expect(s.Page.Locator("#message-app-context")).ToContainTextAsync("Opened from the card VITD-DEFICIENT");
        var drawnMs = await s.Page.EvaluateAsync<string>("document.body.dataset.drawnMs");
        await File.WriteAllTextAsync(Artifact("smart-app-timing.txt"), $"120 monthly 25(OH)D + 15 other results drawn {drawnMs} ms after the token\n");

        await s.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("smart-app.png"), FullPage = true });
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1")
            await s.Page.ScreenshotAsync(new PageScreenshotOptions { Path = RepoFile("docs/smart-app.png"), FullPage = false });
    }

    [BrowserFact]
    public async Task The_page_and_its_table_view_pass_axe_with_no_serious_or_critical_violation_and_work_by_keyboard()
    {
        await using var s = await LaunchPageAsync(new MockSmartEhr { History = SmartAppHistory.Full() });
        await ChartsAsync(s);
        AssertNoSeriousViolations(await s.Page.RunAxe());
        await s.Page.Keyboard.PressAsync("Tab");
        Assert.Equal("view-toggle", await s.Page.EvaluateAsync<string>("document.activeElement.id"));
        await s.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(s.Page.Locator("#tables")).ToBeVisibleAsync();
        await Assertions.Expect(s.Page.Locator("#charts")).ToBeHiddenAsync();
        Assert.Equal(120, await s.Page.Locator("#tables table").First.Locator("tbody tr").CountAsync());
        AssertNoSeriousViolations(await s.Page.RunAxe());
    }

    [BrowserFact]
    public async Task An_expired_token_says_to_relaunch()
    {
        await using var s = await LaunchPageAsync(new MockSmartEhr { History = SmartAppHistory.Full(), TokenExpired = true });
        await Assertions.Expect(await MessageAsync(s, "expired")).ToContainTextAsync("session has expired");
        Assert.Equal(0, await s.Page.Locator("#charts figure").CountAsync());
    }

    [BrowserFact]
    public async Task A_state_the_page_did_not_issue_is_refused()
    {
        await using var s = await LaunchPageAsync(new MockSmartEhr { History = SmartAppHistory.Full(), ReturnWrongState = true });
        await Assertions.Expect(await MessageAsync(s, "state")).ToContainTextAsync("could not be verified");
        Assert.Equal(0, await s.Page.Locator("#charts figure").CountAsync());
    }

    [BrowserFact]
    public async Task A_server_that_only_speaks_v1_is_asked_for_read_scopes_and_the_page_says_so()
    {
        await using var s = await LaunchPageAsync(new MockSmartEhr { History = SmartAppHistory.Full(), V1Only = true });
        await ChartsAsync(s);
        Assert.Empty(s.Ehr.Problems); // the mock refuses any scope but its own v1 ones
        Assert.Contains("patient/Observation.read", s.Ehr.Authorized["scope"]);
        await Assertions.Expect(await MessageAsync(s, "scope-v1")).ToContainTextAsync("SMART v1 scopes");
    }

    [BrowserFact]
    public async Task No_results_at_all_says_so()
    {
        await using var s = await LaunchPageAsync(new MockSmartEhr { History = [] });
        await Assertions.Expect(await MessageAsync(s, "no-results")).ToContainTextAsync("No 25(OH)D, DXA, PTH or calcium results");
    }

    [BrowserFact]
    public async Task Without_app_context_the_page_works_and_says_it_shows_the_whole_picture()
    {
        await using var s = await LaunchPageAsync(new MockSmartEhr { History = SmartAppHistory.Full(), AppContext = null });
        await ChartsAsync(s);
        await Assertions.Expect(await MessageAsync(s, "app-context")).ToContainTextAsync("without a card context");
    }

    [BrowserFact]
    public async Task The_committee_view_charts_and_tables_the_feedback_summary_behind_its_key()
    {
        using var host = SmartAppHost();
        host.StartServer();
        // Feedback as an EHR sends it: one card accepted, one overridden with a reason.
        var cards = await Suppression.SuppressionTests.Hook(host, ApiFactory.Fixture("patient-view.json"));
        var client = host.CreateClient();
        async Task Feedback(JsonNode card, string outcome, string? reason = null)
        {
            var item = new JsonObject { ["card"] = card.Text("uuid"), ["outcome"] = outcome, ["outcomeTimestamp"] = "2026-11-25T12:06:00Z" };
            if (outcome == "accepted")
                item["acceptedSuggestions"] = new JsonArray(new JsonObject { ["id"] = card["suggestions"]![0]!["uuid"]!.GetValue<string>() });
            if (reason is not null)
                item["overrideReason"] = new JsonObject { ["reason"] = new JsonObject {
                    ["system"] = "http://terminology.hl7.org/CodeSystem/non-adherence-reason-codes", ["code"] = reason } };
            var response = await client.PostAsync("/cds-services/bone-health-patient-view/feedback",
                ApiFactory.Json(new JsonObject { ["feedback"] = new JsonArray(item) }.ToJsonString()));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        var first = cards.First(c => c["suggestions"] is JsonArray { Count: > 0 });
        var second = cards.First(c => c != first && c["overrideReasons"] is not null);
        await Feedback(first, "accepted");
        await Feedback(second, "overridden", "patient-refuses");

        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.RouteAsync("**/*", route => route.Request.Url.StartsWith(host.BaseUrl, StringComparison.Ordinal)
            ? route.ContinueAsync() : route.AbortAsync());
        await page.GotoAsync($"{host.BaseUrl}/app/committee.html");
        await page.GetByLabel("Feedback-summary API key").FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the summary" }).ClickAsync();
        await Assertions.Expect(page.Locator("#message-key")).ToContainTextAsync("API key was refused");

        await page.GetByLabel("Feedback-summary API key").FillAsync("governance-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the summary" }).ClickAsync();
        var rows = page.Locator("#summary table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Filter(new() { HasText = second.OwnRule()! })).ToContainTextAsync("(1)");
        var bars = await page.Locator("[data-rule]").EvaluateAllAsync<string[]>("els => els.map(e => `${e.dataset.rule}:${e.dataset.outcome}:${e.dataset.share}`)");
        Assert.Contains($"{first.OwnRule()}:accepted:1", bars);
        Assert.Contains($"{second.OwnRule()}:overridden:1", bars);
        AssertNoSeriousViolations(await page.RunAxe());
    }

    private static void AssertNoSeriousViolations(Deque.AxeCore.Commons.AxeResult result)
    {
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ",
            v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}")));
    }

    public static string Artifact(string name)
    {
        var path = RepoFile(Path.Combine("artifacts", "screenshots", name));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
