using System.Net;
using McpGateway.Api;
using McpGateway.Hosting;
using McpGateway.Registry;
using McpGateway.Security;
using Microsoft.Extensions.Options;

namespace McpGateway.Tests.Security;

/// <summary>The registration address rule itself: every way of writing a blocked address, the scheme before DNS, no addresses in errors.</summary>
public sealed class UpstreamAddressPolicyTests
{
    private readonly List<string> _lookups = [];

    private UpstreamAddressPolicy Policy(params IPAddress[] resolvesTo)
        => new(Options.Create(new RegistrationPolicyOptions()), new GatewayHosting(HostingMode.Standalone), (host, _) =>
        {
            lock (_lookups)
            {
                _lookups.Add(host);
            }
            return Task.FromResult(resolvesTo);
        });

    private static InstanceDefinition Http(string endpoint)
        => new() { Template = "t", Id = "i1", Transport = InstanceTransports.Http, Endpoint = endpoint };

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("169.254.255.255")]
    [InlineData("fe80::1")]
    [InlineData("febf:ffff::1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::169.254.169.254")]
    [InlineData("::a9fe:a9fe")]
    [InlineData("64:ff9b::169.254.169.254")]
    [InlineData("64:ff9b::a9fe:1")]
    [InlineData("2002:a9fe:a9fe::1")]
    [InlineData("2002:a9fe:0101::")]
    [InlineData("::ffff:100.100.100.200")]
    [InlineData("64:ff9b::192.0.0.192")]
    [InlineData("fd00:ec2::254")]
    public void Link_local_and_metadata_addresses_are_blocked_in_every_form(string address)
        => Assert.True(UpstreamAddressPolicy.IsBlocked(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.5")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::10.0.0.5")]
    [InlineData("2002:0a00:0005::1")]
    [InlineData("fec0::1")]
    [InlineData("2001:db8::1")]
    public void Other_addresses_are_not(string address)
        => Assert.False(UpstreamAddressPolicy.IsBlocked(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("http://[::169.254.169.254]/mcp")]
    [InlineData("http://[64:ff9b::169.254.169.254]/mcp")]
    [InlineData("http://[2002:a9fe:a9fe::]/mcp")]
    [InlineData("http://169.254.1.1/mcp")]
    public async Task Literal_endpoints_in_those_forms_are_refused_without_a_lookup(string endpoint)
    {
        var refused = await Assert.ThrowsAsync<GatewayException>(() => Policy().CheckAsync(Http(endpoint), CancellationToken.None));
        Assert.Equal(403, refused.Status);
        Assert.Empty(_lookups);
    }

    [Theory]
    [InlineData("ftp://does-not-resolve.invalid/mcp")]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://metadata.google.internal/")]
    [InlineData("not a url")]
    public async Task The_scheme_is_checked_before_any_lookup(string endpoint)
    {
        var refused = await Assert.ThrowsAsync<GatewayException>(() => Policy(IPAddress.Loopback).CheckAsync(Http(endpoint), CancellationToken.None));
        Assert.Equal(400, refused.Status);
        Assert.Contains("http:// or https://", refused.Message);
        Assert.Empty(_lookups);
    }

    [Fact]
    public async Task A_refusal_names_the_host_but_never_the_addresses_it_resolved_to()
    {
        var refused = await Assert.ThrowsAsync<GatewayException>(() => Policy(IPAddress.Parse("10.20.30.40"), IPAddress.Parse("::ffff:169.254.169.254"))
            .CheckAsync(Http("http://internal-name.example.test:8080/mcp"), CancellationToken.None));
        Assert.Equal(403, refused.Status);
        Assert.Equal(["internal-name.example.test"], _lookups);
        Assert.Contains("internal-name.example.test", refused.Message);
        Assert.DoesNotContain("169.254", refused.Message);
        Assert.DoesNotContain("a9fe", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("10.20.30.40", refused.Message);
    }

    [Fact]
    public async Task Names_that_resolve_to_allowed_addresses_pass()
    {
        await Policy(IPAddress.Parse("10.0.0.5"), IPAddress.IPv6Loopback).CheckAsync(Http("https://mcp.example.test/mcp"), CancellationToken.None);
        Assert.Equal(["mcp.example.test"], _lookups);
    }
}
