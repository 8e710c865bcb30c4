using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BoneCds.Api.Tests;

/// <summary>Headers, surface and slow clients (security review L4, M2).</summary>
public class HostHardeningTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Answers_carrying_patient_data_are_not_cached_or_sniffed()
    {
        var client = factory.CreateClient();
        var hook = await client.PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json(ApiFactory.Fixture("patient-view.json")));
        Assert.Equal("no-store", hook.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", hook.Headers.GetValues("X-Content-Type-Options").Single());
        var health = await client.GetAsync("/health/live");
        Assert.Equal("nosniff", health.Headers.GetValues("X-Content-Type-Options").Single());
    }

    private sealed class EnvironmentFactory(string environment, bool swagger) : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Auth:PublicBaseUrl"] = "https://cds.hospital.example",
            ["Service:SwaggerInProduction"] = swagger.ToString(),
            ["FhirFetch:Enabled"] = "false",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }

    [Theory]
    [InlineData("Production", false, HttpStatusCode.NotFound)]
    [InlineData("Production", true, HttpStatusCode.OK)]
    [InlineData("Staging", false, HttpStatusCode.OK)]
    public async Task Swagger_ui_is_off_in_production_unless_configured(string environment, bool flag, HttpStatusCode expected)
    {
        using var host = new EnvironmentFactory(environment, flag);
        var client = host.CreateClient();
        Assert.Equal(expected, (await client.GetAsync("/swagger/index.html")).StatusCode);
        Assert.Equal(expected, (await client.GetAsync("/examples/patient-view")).StatusCode);
    }

    private sealed class ImpatientFactory : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Auth:AllowUnauthenticated"] = "true",
            ["FhirFetch:Enabled"] = "false",
            ["Service:RequestTimeoutSeconds"] = "1",
            ["Service:MinRequestBodyBytesPerSecond"] = "100000",
        };
    }

    /// <summary>A body that sends a few bytes and then stalls.</summary>
    private sealed class StalledContent : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken ct)
        {
            await stream.WriteAsync("{\"hook\":"u8.ToArray(), ct);
            await stream.FlushAsync(ct);
            // Stalls well past the server's 1 s request time; HTTP/1.1 clients read the answer once they stop sending.
            await Task.Delay(TimeSpan.FromSeconds(4), ct);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task A_stalled_body_is_answered_408_and_does_not_hold_the_server()
    {
        // A real Kestrel on loopback: the in-memory test server waits for a request body before it answers.
        using var host = new ImpatientFactory();
        host.UseKestrel(0);
        host.StartServer();
        var content = new StalledContent();
        content.Headers.ContentType = new("application/json");
        var address = host.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .GetRequiredFeature<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>().Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(20) }; // a liveness bound
        HttpResponseMessage response;
        try { response = await client.PostAsync("/cds-services/bone-health-patient-view", content); }
        catch (TaskCanceledException) { throw new Xunit.Sdk.XunitException(string.Join("\n", host.Logs.Lines)); }
        Assert.Equal(HttpStatusCode.RequestTimeout, response.StatusCode);
    }
}
