using System.Net;
using McpGateway.Upstreams;

namespace McpGateway.Tests.Upstreams;

/// <summary>
/// Every connection to an upstream is checked when it is opened, with the addresses the host resolves to then (DNS rebinding):
/// a blocked address is refused before any connection is attempted, and the refusal never names the address.
/// </summary>
public sealed class UpstreamConnectGuardTests
{
    private readonly List<IPAddress> _connected = [];

    private UpstreamConnectGuard Guard(bool allowBlocked, params IPAddress[] resolvesTo) => new(allowBlocked,
        resolve: (_, _) => Task.FromResult(resolvesTo),
        connect: (address, _, _) =>
        {
            _connected.Add(address);
            return ValueTask.FromResult<Stream>(new MemoryStream());
        });

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("[fe80::1]")]
    [InlineData("[::ffff:169.254.169.254]")]
    [InlineData("[64:ff9b::a9fe:a9fe]")]
    [InlineData("metadata.google.internal")]
    public async Task Blocked_hosts_are_refused_without_a_connection(string host)
    {
        var refused = await Assert.ThrowsAsync<BlockedUpstreamAddressException>(
            () => Guard(false, IPAddress.Loopback).ConnectAsync(new DnsEndPoint(host, 80), CancellationToken.None).AsTask());
        Assert.Contains("link-local or cloud metadata", refused.Message);
        Assert.Empty(_connected);
    }

    [Fact]
    public async Task A_name_that_now_resolves_to_the_metadata_service_is_refused_and_the_address_is_not_named()
    {
        var guard = Guard(false, IPAddress.Parse("10.1.2.3"), IPAddress.Parse("169.254.169.254"));
        var refused = await Assert.ThrowsAsync<BlockedUpstreamAddressException>(
            () => guard.ConnectAsync(new DnsEndPoint("rebound.example.test", 8080), CancellationToken.None).AsTask());
        Assert.Contains("rebound.example.test", refused.Message);
        Assert.DoesNotContain("169.254", refused.Message);
        Assert.DoesNotContain("10.1.2.3", refused.Message);
        Assert.Empty(_connected);
    }

    [Fact]
    public async Task Allowed_names_connect_to_the_checked_addresses_only()
    {
        await using var stream = await Guard(false, IPAddress.Loopback).ConnectAsync(new DnsEndPoint("upstream.example.test", 80), CancellationToken.None);
        Assert.Equal([IPAddress.Loopback], _connected);
    }

    [Fact]
    public async Task Configuration_can_allow_metadata_addresses()
    {
        await using var stream = await Guard(true, IPAddress.Parse("169.254.169.254")).ConnectAsync(new DnsEndPoint("metadata.test", 80), CancellationToken.None);
        Assert.Equal([IPAddress.Parse("169.254.169.254")], _connected);
    }
}
