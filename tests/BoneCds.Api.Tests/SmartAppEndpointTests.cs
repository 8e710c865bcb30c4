using System.Net;
using System.Text.Json.Nodes;

namespace BoneCds.Api.Tests;

/// <summary>
/// The trend page's server side (issue 15): the cards' "smart" links (launch URL from configuration, appContext only the rule
/// id), the published thresholds (anonymous, the site's own values), and the page's headers.
/// </summary>
public class SmartAppEndpointTests
{
    private static FeedbackFactory Host(Dictionary<string, string?> extra) => new() { Extra = extra };

    private static async Task<List<JsonNode>> PatientView(ApiFactory host)
    {
        var response = await host.CreateClient().PostAsync("/cds-services/bone-health-patient-view",
            ApiFactory.Json(ApiFactory.Fixture("patient-view.json")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Cards();
    }

    private static JsonNode? SmartLink(JsonNode card) =>
        card["links"]?.AsArray().FirstOrDefault(l => l!["type"]!.GetValue<string>() == "smart");

    [Fact]
    public async Task Vitamin_d_and_bone_cards_link_the_page_at_the_configured_url_with_only_the_rule_id_as_app_context()
    {
        using var host = Host(new() { ["Auth:PublicBaseUrl"] = "https://cds.hospital.example/bonecds" });
        var cards = await PatientView(host);
        var vitaminD = cards.First(c => c.OwnRule()!.StartsWith("VITD-", StringComparison.Ordinal));
        var link = SmartLink(vitaminD)!;
        Assert.Equal("https://cds.hospital.example/bonecds/app/launch.html", link["url"]!.GetValue<string>());
        Assert.Equal(vitaminD.OwnRule(), link["appContext"]!.GetValue<string>());
        Assert.Contains(cards, c => (c.OwnRule()!.StartsWith("TREAT-", StringComparison.Ordinal)
            || c.OwnRule()!.StartsWith("BMD-", StringComparison.Ordinal)) && SmartLink(c) is not null);
        Assert.All(cards.Where(c => c.OwnRule() is "NUTRITION" or "INPUT-REJECTED" or "INPUT-PREFETCH-MISSING"), c => Assert.Null(SmartLink(c)));
    }

    [Fact]
    public async Task Without_a_public_base_url_the_link_uses_the_requests_origin_and_the_page_can_be_turned_off()
    {
        using var host = Host([]);
        var link = SmartLink((await PatientView(host)).First(c => c.OwnRule()!.StartsWith("VITD-", StringComparison.Ordinal)))!;
        Assert.Equal("http://localhost/app/launch.html", link["url"]!.GetValue<string>());

        using var off = Host(new() { ["SmartApp:Enabled"] = "false" });
        Assert.All(await PatientView(off), c => Assert.Null(SmartLink(c)));
        Assert.Equal(HttpStatusCode.NotFound, (await off.CreateClient().GetAsync("/app/launch.html")).StatusCode);
    }

    [Fact]
    public async Task The_thresholds_are_the_sites_own_and_need_no_credentials()
    {
        using var host = Host(new() { ["Auth:AllowUnauthenticated"] = "false", ["Rules:VitaminDDeficientBelow"] = "12",
            ["Rules:VitaminDDeficientBelowNmol"] = "30", ["SmartApp:ClientId"] = "hospital-client" });
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/v1/assessments", ApiFactory.Json("{}"))).StatusCode);
        var reference = JsonNode.Parse(await client.GetStringAsync("/api/v1/thresholds"))!;
        var tiers = reference["vitaminD"]!["tiers"]!.AsArray();
        Assert.Equal(12m, tiers[1]!["to"]!.GetValue<decimal>());
        Assert.Equal(12m, tiers[2]!["from"]!.GetValue<decimal>());
        Assert.Equal("hospital-client", reference["smart"]!["clientId"]!.GetValue<string>());
        Assert.Contains(reference["vitaminD"]!["units"]!.AsArray(), u => u!["unit"]!.GetValue<string>() == "nmol/L"
            && u["perDisplay"]!.GetValue<decimal>() == 2.496m);
        Assert.Contains(reference["dxa"]!["codes"]!.AsArray(), c => c!["loinc"]!.GetValue<string>() == "38267-1"
            && c["score"]!.GetValue<string>() == "T" && c["site"]!.GetValue<string>() == "lumbar spine");
    }

    [Fact]
    public async Task The_page_may_reach_only_this_service_and_the_configured_ehr_origins_and_may_be_framed_by_the_configured_ones()
    {
        using var host = Host(new() { ["SmartApp:ConnectSources:0"] = "https://ehr.hospital.example",
            ["SmartApp:FrameAncestors:0"] = "https://ehr.hospital.example" });
        var client = host.CreateClient();
        var page = await client.GetAsync("/app/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("connect-src 'self' https://ehr.hospital.example;", csp);
        Assert.Contains("frame-ancestors https://ehr.hospital.example;", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.False(page.Headers.Contains("X-Frame-Options"));
        var api = await client.GetAsync("/api/v1/thresholds");
        Assert.Equal("DENY", api.Headers.GetValues("X-Frame-Options").Single());
    }
}
