using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace BoneCds.Api.Tests;

/// <summary>Hostile input answered quickly and with a clear 4xx, never a 500 (security review H1, L1, bad bytes).</summary>
public class SecurityInputTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_megabyte_digit_string_is_rejected_without_backtracking()
    {
        var digits = new string('1', 1_000_000);
        var bundle = $$$"""
        {"resourceType":"Bundle","type":"collection","entry":[
          {"resource":{"resourceType":"Observation","id":"redos","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"62292-8"}]},
           "effectiveDateTime":"2026-11-01","valueString":"{{{digits}}} x y"}}]}
        """;
        var client = factory.CreateClient();
        // A liveness bound, not a performance figure: the quadratic match took minutes here before the fix.
        client.Timeout = TimeSpan.FromSeconds(20);
        var response = await client.PostAsync("/api/v1/assessments", ApiFactory.Json(bundle));
        var a = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("longer than 64 characters", a.At("rejectedInputs", 0, "reason").GetValue<string>());
    }

    [Theory]
    [InlineData("""{"hook":"\ud800","hookInstance":"x","context":{"patientId":"p"}}""")]
    [InlineData("""{"hook":"patient-view","hookInstance":"\udfff\ud800","context":{"patientId":"p"}}""")]
    public async Task Lone_surrogates_in_a_hook_request_are_a_400(string body)
    {
        var response = await factory.CreateClient().PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/cds-services/bone-health-patient-view")]
    [InlineData("/api/v1/assessments")]
    [InlineData("/cds-services/bone-health-patient-view/feedback")]
    public async Task Invalid_utf8_anywhere_in_a_body_is_a_400(string path)
    {
        var valid = Encoding.UTF8.GetBytes(ApiFactory.Fixture("patient-view.json"));
        foreach (var bad in new byte[][] { [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xFF] })
        {
            var body = valid.Take(200).Concat(bad).Concat(valid.Skip(200)).ToArray();
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            var response = await factory.CreateClient().PostAsync(path, content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }
}
