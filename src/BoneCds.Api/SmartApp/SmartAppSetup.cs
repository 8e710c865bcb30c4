using BoneCds.Rules.Cards.Contract;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.SmartApp;

/// <summary>The trend page's static files (built from src/BoneCds.SmartApp), their content security policy, and the cards' links.</summary>
public static class SmartAppSetup
{
    public const string PagePath = "/app";
    public const string TrendLinkLabel = "Bone health over time (charts)";

    public static IServiceCollection AddSmartApp(this IServiceCollection services)
    {
        services.AddOptions<SmartAppOptions>().BindConfiguration("SmartApp")
            .Validate(o => !o.Enabled || (!string.IsNullOrWhiteSpace(o.ClientId)
                && o.LaunchPath.StartsWith(PagePath + "/", StringComparison.Ordinal)),
                "SmartApp:ClientId is required and SmartApp:LaunchPath must be a page under /app/")
            // Each source is one CSP source expression: a ';' or a line break would let configuration write another directive.
            .Validate(o => o.ConnectSourcesOrDefault.Concat(o.FrameAncestorsOrDefault).All(IsOneSource),
                "SmartApp:ConnectSources and FrameAncestors take one CSP source per entry (no ';', ',' or spaces)")
            .ValidateOnStart();
        return services;
    }

    private static bool IsOneSource(string source) => source.Length > 0 && !source.Any(c => c is ';' or ',' || char.IsWhiteSpace(c));

    /// <summary>Serves /app from wwwroot/app with a policy that lets it reach only this service and the configured EHR origins.</summary>
    public static WebApplication UseSmartApp(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SmartAppOptions>>().Value;
        if (!options.Enabled) return app;
        var policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + $"connect-src 'self' {string.Join(' ', options.ConnectSourcesOrDefault)}; "
            + $"frame-ancestors {string.Join(' ', options.FrameAncestorsOrDefault)}; "
            + "base-uri 'self'; form-action 'self'; object-src 'none'";
        app.UseWhen(http => http.Request.Path.StartsWithSegments(PagePath), page =>
        {
            page.Use((http, next) =>
            {
                http.Response.OnStarting(() =>
                {
                    http.Response.Headers.ContentSecurityPolicy = policy;
                    http.Response.Headers.CacheControl = "no-cache";
                    return Task.CompletedTask;
                });
                return next(http);
            });
            page.UseDefaultFiles();
            page.UseStaticFiles();
        });
        return app;
    }

    /// <summary>The launch URL: Auth:PublicBaseUrl (else the request's own origin) and SmartApp:LaunchPath.</summary>
    public static string LaunchUrl(HttpRequest request, string? publicBaseUrl, SmartAppOptions options) =>
        (publicBaseUrl?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}{request.PathBase}") + options.LaunchPath;

    /// <summary>Card families the trend page shows: vitamin D, bone density and risk, treatment courses.</summary>
    public static bool ShowsTrend(string ruleId) =>
        TrendFamilies.Any(p => ruleId.StartsWith(p, StringComparison.Ordinal));

    private static readonly string[] TrendFamilies = ["VITD-", "BMD-", "TREAT-", "RISK-", "FRAX-", "DMAB-", "BP-", "ANABOLIC-"];

    /// <summary>Adds the "smart" link to each card the page explains; appContext is only the card's rule id.</summary>
    public static IReadOnlyList<CdsCard> WithTrendLinks(IReadOnlyList<CdsCard> cards, string launchUrl) =>
        cards.Select(card => ShowsTrend(card.RuleId)
            ? card with
            {
                Links = [.. card.Links ?? [], new CardLink(TrendLinkLabel, launchUrl, "smart") { AppContext = card.RuleId }],
            }
            : card).ToList();
}
