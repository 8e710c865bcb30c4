using System.Net;
using System.Net.Sockets;

namespace BoneCds.Api.FhirServer;

/// <summary>
/// Connect-time defence against SSRF and DNS rebinding (security review H2): the address actually connected to is checked,
/// after resolution, so a registered name that starts resolving to an internal address is still refused.
/// </summary>
public static class InternalAddressFilter
{
    /// <summary>Loopback, private, CGNAT, link-local, unique-local, multicast, broadcast and unspecified addresses.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.Equals(IPAddress.Broadcast) || address.Equals(IPAddress.None)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (address.GetAddressBytes()[0] & 0xFE) == 0xFC;
        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 0 || b[0] >= 224                      // private, "this network", multicast and reserved
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)                                  // link-local (cloud metadata)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);                   // carrier-grade NAT
    }

    /// <summary>A SocketsHttpHandler.ConnectCallback that refuses internal addresses unless the host may resolve there.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken,
        ValueTask<Stream>> ConnectCallback(Func<string, bool> mayResolveInternally) =>
        async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var allowed = mayResolveInternally(host) ? addresses : addresses.Where(a => !IsInternal(a)).ToArray();
            if (allowed.Length == 0)
                throw new HttpRequestException(HttpRequestError.ConnectionError,
                    "refused: the FHIR server resolves only to internal addresses and is not listed in FhirFetch:PrivateNetworkHosts");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
