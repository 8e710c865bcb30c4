using System.Net;
using System.Net.Sockets;

namespace BoneCds.Api.FhirServer;

/// <summary>
/// Connect-time defence against SSRF and DNS rebinding (security review H2): the address actually connected to is checked,
/// after resolution, so a registered name that starts resolving to an internal address is still refused.
/// </summary>
public static class InternalAddressFilter
{
    /// <summary>
    /// Loopback, private, CGNAT, link-local, unique-local, multicast, broadcast and unspecified addresses, including an IPv4
    /// address carried inside an IPv6 one (mapped, NAT64, IPv4-compatible, 6to4, Teredo: security review 2026-12-01, L7).
    /// </summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            // NAT64 local-use prefix 64:ff9b:1::/48 puts the IPv4 address at a site-chosen position: all of it is internal.
            if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes[4] == 0x00 && bytes[5] == 0x01)
                return true;
            if (EmbeddedIPv4(bytes) is { } embedded) return IsInternal(embedded);
        }
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

    /// <summary>The IPv4 address an IPv6 address carries, where a well-known transition form says where it is; else null.</summary>
    private static IPAddress? EmbeddedIPv4(byte[] b)
    {
        bool Zero(int from, int to) => b.AsSpan(from, to - from).IndexOfAnyExcept((byte)0) < 0;
        // ::ffff:a.b.c.d (mapped) and 64:ff9b::a.b.c.d (NAT64 well-known prefix): the last four bytes.
        if (Zero(0, 10) && b[10] == 0xff && b[11] == 0xff) return new IPAddress(b.AsSpan(12, 4));
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && Zero(4, 12)) return new IPAddress(b.AsSpan(12, 4));
        // ::a.b.c.d (IPv4-compatible, deprecated but still parsed); :: and ::1 are handled as IPv6.
        if (Zero(0, 12) && !Zero(12, 15)) return new IPAddress(b.AsSpan(12, 4));
        // 2002:aabb:ccdd::/16 (6to4): bytes 2-5.
        if (b[0] == 0x20 && b[1] == 0x02) return new IPAddress(b.AsSpan(2, 4));
        // 2001:0::/32 (Teredo): the client's address, inverted, in the last four bytes.
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)
            return new IPAddress(b.AsSpan(12, 4).ToArray().Select(x => (byte)~x).ToArray());
        return null;
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
