using System.Net;
using System.Net.Sockets;

namespace McpGateway.Security;

/// <summary>
/// The addresses the gateway never connects an upstream to (unless <c>McpGateway:Registration:AllowMetadataAddresses</c>):
/// link-local (169.254.0.0/16, fe80::/10) and cloud metadata services, also when written as an IPv6 address that carries an
/// IPv4 address (<c>::ffff:a.b.c.d</c>, <c>::a.b.c.d</c>, NAT64 <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>).
/// Loopback and private ranges are allowed: upstreams are usually internal servers.
/// </summary>
public static class BlockedAddresses
{
    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), IPAddress.Parse("169.254.170.2"), IPAddress.Parse("100.100.100.200"),
        IPAddress.Parse("192.0.0.192"), IPAddress.Parse("fd00:ec2::254"),
    ];

    public static bool IsBlocked(IPAddress address)
    {
        if (EmbeddedIPv4(address) is { } embedded)
        {
            address = embedded;
        }
        if (MetadataAddresses.Any(m => m.Equals(address)))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return bytes[0] == 169 && bytes[1] == 254;
        }
        return address.IsIPv6LinkLocal;
    }

    /// <summary>The IPv4 address an IPv6 address carries in one of the forms a host may route to it, or null.</summary>
    internal static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4(); // ::ffff:a.b.c.d
        }
        var b = address.GetAddressBytes();
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            // ::a.b.c.d (IPv4-compatible, deprecated), except :: and ::1, which are IPv6's own.
            return b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1 ? null : new IPAddress(b.AsSpan(12, 4));
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(b.AsSpan(12, 4)); // 64:ff9b::a.b.c.d (NAT64 well-known prefix)
        }
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b.AsSpan(2, 4)); // 2002:AABB:CCDD::/48 (6to4)
        }
        return null;
    }
}
