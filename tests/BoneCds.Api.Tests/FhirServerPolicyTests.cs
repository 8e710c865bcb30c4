using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using BoneCds.Api.Auth;
using BoneCds.Api.FhirServer;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Tests;

/// <summary>SSRF defences (security review H2, M4): per-client FHIR server lists, and the connect-time address filter.</summary>
public class FhirServerPolicyTests(EhrKeys keys) : IClassFixture<EhrKeys>
{
    private static FhirServerPolicy Policy(bool unauthenticated = false, bool loopback = false) => new(
        new TestOptions<CdsAuthOptions>(new CdsAuthOptions
        {
            AllowUnauthenticated = unauthenticated,
            Clients =
            [
                new CdsClientOptions { Issuer = "ehr-a", FhirServers = ["https://ehr-a.example/fhir"] },
                new CdsClientOptions { Issuer = "ehr-b", FhirServers = ["https://ehr-b.example:8443/r4/"] },
                new CdsClientOptions { Issuer = "dev", FhirServers = ["http://127.0.0.1:5050/fhir", "http://ehr-c.example/fhir"] },
            ],
        }),
        Options.Create(new FhirFetchOptions { AllowHttpLoopback = loopback }));

    [Theory]
    [InlineData("https://ehr-a.example/fhir", "ehr-a", true)]
    [InlineData("https://EHR-A.example/fhir/", "ehr-a", true)]
    [InlineData("https://ehr-a.example/fhir/tenant-1", "ehr-a", true)]
    [InlineData("https://ehr-a.example/fhirx", "ehr-a", false)]       // not under the base path
    [InlineData("https://ehr-a.example:444/fhir", "ehr-a", false)]    // another port
    [InlineData("http://ehr-a.example/fhir", "ehr-a", false)]         // not https
    [InlineData("https://ehr-b.example:8443/r4", "ehr-a", false)]     // another client's server
    [InlineData("https://ehr-b.example:8443/r4", "ehr-b", true)]
    [InlineData("https://10.0.0.5/fhir", "ehr-a", false)]
    [InlineData("https://localhost/fhir", "ehr-a", false)]
    [InlineData("https://ehr-a.example/fhir", null, false)]          // no caller, no development flag
    public void A_fhir_server_is_contacted_only_when_registered_for_the_caller(string fhirServer, string? caller, bool allowed) =>
        Assert.Equal(allowed, Policy().Check(fhirServer, caller, out _) is not null);

    /// <summary>Security review 2026-12-01, L7: the development loopback switch relaxes https for a registered loopback base only.</summary>
    [Theory]
    [InlineData("http://127.0.0.1:5050/fhir", "dev", true, true)]
    [InlineData("http://127.0.0.1:5050/fhir", "dev", false, false)]   // http needs the switch
    [InlineData("http://127.0.0.1:6060/fhir", "dev", true, false)]    // loopback, but not registered
    [InlineData("http://localhost:9999/admin", "ehr-a", true, false)]
    [InlineData("http://ehr-c.example/fhir", "dev", true, false)]     // registered, but http off loopback
    public void The_loopback_switch_never_opens_an_unregistered_server(string fhirServer, string caller, bool loopback, bool allowed) =>
        Assert.Equal(allowed, Policy(loopback: loopback).Check(fhirServer, caller, out _) is not null);

    [Fact]
    public void Pipelines_are_keyed_by_the_configured_base_not_the_callers_host()
    {
        var policy = Policy();
        var a = policy.Check("https://ehr-a.example/fhir/tenant-1", "ehr-a", out _)!;
        var b = policy.Check("https://ehr-a.example/fhir/tenant-2", "ehr-a", out _)!;
        Assert.Equal(a.PipelineKey, b.PipelineKey);
        Assert.Equal("https://ehr-a.example/fhir", a.PipelineKey);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]  // cloud metadata
    [InlineData("100.64.0.1", true)]       // carrier-grade NAT
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("64:ff9b::a9fe:a9fe", true)]    // NAT64 form of 169.254.169.254
    [InlineData("64:ff9b::808:808", false)]     // NAT64 form of 8.8.8.8
    [InlineData("64:ff9b:1::a9fe:a9fe", true)]  // NAT64 local-use prefix
    [InlineData("::a9fe:a9fe", true)]           // IPv4-compatible
    [InlineData("::7f00:1", true)]              // IPv4-compatible 127.0.0.1
    [InlineData("2002:a9fe:a9fe::1", true)]     // 6to4
    [InlineData("2002:0a00:0001::1", true)]     // 6to4 of 10.0.0.1
    [InlineData("2002:0808:0808::1", false)]    // 6to4 of 8.8.8.8
    [InlineData("2001:0:4136:e378:8000:63bf:5601:fe56", true)] // Teredo, client 169.254.1.169 inverted
    [InlineData("8.8.8.8", false)]
    [InlineData("2001:4860:4860::8888", false)]
    public void Internal_addresses_are_recognised(string address, bool internalAddress) =>
        Assert.Equal(internalAddress, InternalAddressFilter.IsInternal(IPAddress.Parse(address)));

    /// <summary>A host with authentication on, one client registered with the given FHIR servers.</summary>
    private sealed class SsrfFactory(EhrKeys keys, string[] fhirServers, string[] privateHosts) : ApiFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = new Dictionary<string, string?>(keys.AuthSettings())
                {
                    ["FhirFetch:Enabled"] = "true",
                    ["FhirFetch:TotalTimeoutSeconds"] = "2",
                    ["FhirFetch:MaxRetries"] = "0",
                };
                for (var i = 0; i < fhirServers.Length; i++) settings[$"Auth:Clients:0:FhirServers:{i}"] = fhirServers[i];
                for (var i = 0; i < privateHosts.Length; i++) settings[$"FhirFetch:PrivateNetworkHosts:{i}"] = privateHosts[i];
                return settings;
            }
        }
    }

    private async Task<List<JsonNode>> CallWithoutPrefetch(ApiFactory factory, string fhirServer)
    {
        const string path = "/cds-services/bone-health-patient-view";
        var request = JsonNode.Parse(ApiFactory.Fixture("patient-view.json"))!.AsObject();
        // Part of the prefetch (densitometry) stays: with no observation data at all the answer would be a 412.
        request["prefetch"] = new JsonObject { ["densitometry"] = request["prefetch"]!["densitometry"]!.DeepClone() };
        request["fhirServer"] = fhirServer;
        request["fhirAuthorization"] = new JsonObject { ["access_token"] = "t", ["token_type"] = "Bearer", ["expires_in"] = 300,
            ["scope"] = "patient/*.read", ["subject"] = "cds" };
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = ApiFactory.Json(request.ToJsonString()) };
        message.Headers.Authorization = new("Bearer", keys.Token(factory.Clock.GetUtcNow(), "http://localhost" + path));
        var response = await factory.CreateClient().SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body + string.Join("\n", factory.Logs.Lines));
        return JsonNode.Parse(body)!.Cards();
    }

    [Fact]
    public async Task An_unregistered_fhir_server_is_never_contacted_and_the_card_gives_no_detail()
    {
        await using var standIn = await FhirStandIn.StartAsync();
        using var factory = new SsrfFactory(keys, ["https://ehr.example/fhir"], []);
        var cards = await CallWithoutPrefetch(factory, standIn.Base);
        Assert.Equal(0, standIn.Requests.Values.Sum());
        var detail = cards.Card("INPUT-PREFETCH-MISSING").Text("detail");
        Assert.Contains("not available", detail);
        Assert.DoesNotContain("registered", detail);
        Assert.True(factory.Logs.Contains("Missing prefetch not fetched"), "the reason goes to the log");
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public async Task A_registered_server_resolving_to_an_internal_address_is_refused_at_connect_unless_listed(bool listed, int minConnections)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                try { using var socket = await listener.AcceptSocketAsync(); Interlocked.Increment(ref accepted); }
                catch (Exception) { return; }
            }
        });
        var server = $"https://127.0.0.1:{port}/fhir";
        using var factory = new SsrfFactory(keys, [server], listed ? ["127.0.0.1"] : []);
        var cards = await CallWithoutPrefetch(factory, server);
        Assert.Contains("not available", cards.Card("INPUT-PREFETCH-MISSING").Text("detail"));
        if (minConnections == 0) Assert.Equal(0, Volatile.Read(ref accepted));
        else Assert.True(Volatile.Read(ref accepted) >= minConnections, "a listed internal host is connected to");
    }
}
