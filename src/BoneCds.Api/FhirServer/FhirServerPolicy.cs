using BoneCds.Api.Auth;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.FhirServer;

/// <summary>A fhirServer the caller may have fetched from: the configured base it falls under (one resilience pipeline each).</summary>
public sealed record FhirServerGrant(Uri Server, string PipelineKey);

/// <summary>
/// Which FHIR servers a CDS client may make this service call (security review H2, M4): each registered client lists its
/// own base URLs (<c>Auth:Clients[i]:FhirServers</c>), and a fhirServer outside the caller's list is never contacted.
/// Without authentication (the development flag) every configured base is open; <c>FhirFetch:AllowHttpLoopback</c>
/// (Development only) lets a registered loopback base be plain http, and is never checked ahead of the list. Reasons are for
/// the log; the card only says the data is not available.
/// </summary>
public sealed class FhirServerPolicy(IOptionsMonitor<CdsAuthOptions> auth, IOptions<FhirFetchOptions> fetch)
{
    public FhirServerGrant? Check(string fhirServer, string? clientIssuer, out string reason)
    {
        reason = "";
        if (!Uri.TryCreate(fhirServer, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            reason = "fhirServer is not an absolute http(s) URL";
            return null;
        }
        if (uri.Scheme != Uri.UriSchemeHttps && !(fetch.Value.AllowHttpLoopback && uri.IsLoopback))
        {
            reason = "fhirServer is not https";
            return null;
        }
        var clients = auth.CurrentValue.Clients;
        var bases = clientIssuer is null
            ? (auth.CurrentValue.AllowUnauthenticated ? clients.SelectMany(c => c.FhirServers) : [])
            : clients.Where(c => c.Issuer == clientIssuer).SelectMany(c => c.FhirServers);
        foreach (var configured in bases)
            if (Uri.TryCreate(configured, UriKind.Absolute, out var baseUri) && IsUnder(uri, baseUri))
                return new FhirServerGrant(uri, BaseKey(baseUri));
        reason = "fhirServer is not registered for the calling client (Auth:Clients[i]:FhirServers)";
        return null;
    }

    /// <summary>Hosts an operator listed as internal on purpose: they may resolve to private addresses.</summary>
    public bool MayResolveInternally(string host) =>
        fetch.Value.PrivateNetworkHosts.Contains(host, StringComparer.OrdinalIgnoreCase)
        || (fetch.Value.AllowHttpLoopback
        && (host == "localhost" || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip))));

    /// <summary>Same scheme, host and port, and a path at or below the base's path.</summary>
    public static bool IsUnder(Uri candidate, Uri baseUri)
    {
        if (candidate.Scheme != baseUri.Scheme || candidate.Port != baseUri.Port
            || !string.Equals(candidate.Host, baseUri.Host, StringComparison.OrdinalIgnoreCase)) return false;
        var basePath = baseUri.AbsolutePath.TrimEnd('/') + "/";
        return (candidate.AbsolutePath.TrimEnd('/') + "/").StartsWith(basePath, StringComparison.Ordinal);
    }

    private static string BaseKey(Uri baseUri) =>
        $"{baseUri.Scheme}://{baseUri.Authority}{baseUri.AbsolutePath.TrimEnd('/')}".ToLowerInvariant();
}
