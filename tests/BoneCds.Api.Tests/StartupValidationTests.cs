using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Tests;

/// <summary>Configuration mistakes stop start-up with their own message (options validated on start).</summary>
public class StartupValidationTests
{
    private sealed class MisconfiguredFactory(string key, string value, string environment = "Development") : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(key, value);
            builder.UseEnvironment(environment);
        }
    }

    [Theory]
    [InlineData("Auth:AllowUnauthenticated", "true", "refused outside Development")] // the development flag (review L9)
    [InlineData("Auth:DetailedErrors", "false", "Auth:PublicBaseUrl is required")]  // audiences never from headers (M5)
    public void Production_refuses_development_flags_and_a_missing_public_base_url(string key, string value, string message)
    {
        using var factory = new MisconfiguredFactory(key, value, "Production");
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient()); // each failing section named, in one exception
        Assert.Contains(message, error.ToString());
    }

    /// <summary>Security review 2026-12-01, L7, and issue "Conformant": every development switch, listed in one place
    /// (Hosting.DevelopmentSwitches), is refused in every environment but Development.</summary>
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void The_development_switches_are_refused_outside_development(string environment)
    {
        using var factory = new MisconfiguredFactory("FhirFetch:AllowHttpLoopback", "true", environment);
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient()); // in Production beside the Auth flags' refusal
        Assert.Contains("FhirFetch:AllowHttpLoopback", error.ToString());
        Assert.Contains("refused outside Development", error.ToString());
    }

    [Theory]
    [InlineData("Rules:VitaminDSevereBelow", "25", "vitamin D thresholds must increase")]
    [InlineData("Rules:CalciumLowBelow", "11", "calcium reference range is inverted")]
    [InlineData("Feedback:Provider", "mongodb", "Feedback:Provider must be sqlite or postgres")]
    [InlineData("Service:MaxRequestBodyBytes", "0", "MaxRequestBodyBytes must be positive")]
    [InlineData("Auth:ClockSkewSeconds", "-5", "ClockSkewSeconds must be between 0 and 300")]
    [InlineData("Auth:Clients:0:Issuer", "", "needs an Issuer")]
    [InlineData("Auth:ApiKeys:0:Key", "CHANGE-ME-analytics-key-32-characters", "still a placeholder")]      // review L6
    [InlineData("Rules:Staleness:EgfrMonths", "-5", "staleness windows must be between 1 and 240 months")]
    [InlineData("Rules:FraxHipPercent", "-3", "FRAX thresholds must be percentages")]
    [InlineData("Rules:MagnesiumMinEgfr", "-1", "kidney limits")]
    [InlineData("Rules:TScoreMinAge", "5", "ages must be adult ages")]
    [InlineData("Feedback:SummaryApiKeys:0", "CHANGE-ME-governance-key-32-characters", "still a placeholder")]
    [InlineData("Suppression:PreferenceDays", "-1", "Suppression durations must be between 0 and 3650 days")]
    [InlineData("Suppression:NothingSuppressedCacheSeconds", "600", "NothingSuppressedCacheSeconds: 0 to 30")]
    [InlineData("Suppression:Keys:0:Key", "too-short", "a Key of 32+ characters from a Secret")]
    [InlineData("Rules:DenosumabDueDays", "300", "due <= overdue (v4)")]
    [InlineData("Rules:AlkalinePhosphataseLow", "200", "alkaline phosphatase range")]
    [InlineData("Rules:TScoreVeryHighMax", "-2.0", "very-high-risk and glucocorticoid thresholds")]
    [InlineData("SmartApp:LaunchPath", "/launch.html", "must be a page under /app/")]
    [InlineData("SmartApp:ConnectSources:0", "https://ehr.example; script-src *", "one CSP source per entry")]
    public void Invalid_configuration_fails_start_up_naming_the_problem(string key, string value, string message)
    {
        using var factory = new MisconfiguredFactory(key, value);
        var error = Assert.ThrowsAny<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains(message, error.Message);
    }
}
