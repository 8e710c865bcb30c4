using Microsoft.Playwright;

namespace BoneCds.Api.Tests.Browser;

/// <summary>
/// Swagger UI in a real browser (Debian's headless Chromium, the host on a loopback port): the Authorize dialog offers the
/// two security schemes the policies enforce, and a token entered there reaches a secured operation.
/// UPDATE_SCREENSHOTS=1 rewrites docs/swagger-authorize.png.
/// </summary>
/// <summary>A browser test: skipped on a developer machine without Debian's Chromium, never in CI (.ci/run installs it).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!File.Exists(SwaggerUiBrowserTests.Chromium) && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = $"No {SwaggerUiBrowserTests.Chromium}: apt-get install -y chromium to run the browser tests (.ci/run does).";
    }
}

public class SwaggerUiBrowserTests
{
    /// <summary>Debian's package; `playwright install` cannot download here and is never needed.</summary>
    public const string Chromium = "/usr/bin/chromium";

    public static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (.ci/run does).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"],
        });
        return (playwright, browser);
    }

    [BrowserFact]
    public async Task Authorize_offers_the_enforced_schemes_and_a_token_entered_there_is_sent()
    {
        using var host = new LoopbackApiFactory();
        host.StartServer();
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        // Loopback only: anything else the page asks for is refused, so the test cannot reach off the machine.
        await page.RouteAsync("**/*", route => route.Request.Url.StartsWith(host.BaseUrl, StringComparison.Ordinal)
            ? route.ContinueAsync() : route.AbortAsync());

        await page.GotoAsync(host.BaseUrl + "/swagger/index.html");
        await page.GetByRole(AriaRole.Button, new() { Name = "Authorize" }).First.ClickAsync();
        var dialog = page.Locator(".modal-ux");
        await Assertions.Expect(dialog).ToContainTextAsync("cdsClientJwt (http, Bearer)");
        await Assertions.Expect(dialog).ToContainTextAsync("apiKey (apiKey)");
        await Assertions.Expect(dialog).ToContainTextAsync("X-Api-Key");
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1")
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepoFile("docs/swagger-authorize.png") });

        // A value entered in the dialog goes out as the header of a secured operation tried from the page.
        var apiKey = dialog.Locator(".auth-container").Filter(new() { HasText = "apiKey (apiKey)" });
        await apiKey.Locator("input").FillAsync("a-key-typed-in-swagger-ui");
        await apiKey.GetByRole(AriaRole.Button, new() { Name = "Apply credentials" }).ClickAsync();
        await apiKey.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        var summary = page.Locator(".opblock").Filter(new() { HasText = "/api/v1/feedback/summary" });
        await summary.Locator(".opblock-summary").ClickAsync();
        var request = await page.RunAndWaitForRequestAsync(
            () => summary.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync(),
            r => r.Url.Contains("/api/v1/feedback/summary", StringComparison.Ordinal));
        Assert.Equal("a-key-typed-in-swagger-ui", await request.HeaderValueAsync("x-api-key"));
    }

    public static string RepoFile(string relative) =>
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../..", relative));
}
