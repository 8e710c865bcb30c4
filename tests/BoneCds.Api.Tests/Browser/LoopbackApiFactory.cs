using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BoneCds.Api.Tests.Browser;

/// <summary>The real host on a free loopback port (Kestrel, not the in-memory test server), for a browser to load pages from.</summary>
public sealed class LoopbackApiFactory : ApiFactory
{
    public LoopbackApiFactory() => UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));

    /// <summary>Settings added to (or replacing) the test defaults.</summary>
    public Dictionary<string, string?> Extra { get; init; } = [];

    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings).Concat(Extra).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    public string BaseUrl => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
}
