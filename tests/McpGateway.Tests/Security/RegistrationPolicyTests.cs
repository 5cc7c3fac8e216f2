using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Hosting;
using McpGateway.Registry;
using McpGateway.Security;
using Microsoft.Extensions.Options;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Security;

/// <summary>A registration makes the gateway connect somewhere or start a program: metadata addresses and unlisted commands are refused.</summary>
public sealed class RegistrationPolicyTests
{
    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://169.254.10.1:8080/mcp")]
    [InlineData("http://[fe80::1]/mcp")]
    [InlineData("http://[fd00:ec2::254]/mcp")]
    [InlineData("http://[::ffff:169.254.169.254]/mcp")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("http://METADATA.AZURE.COM./mcp")]
    public async Task Metadata_and_link_local_endpoints_are_refused(string endpoint)
    {
        await using var gateway = await GatewayHost.StartAsync();
        var response = await gateway.Client.PostAsJsonAsync("/gateway/register", McpServers.Http("meta", "m1", endpoint));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Registration refused", await response.Content.ReadAsStringAsync());
        var registry = await gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/registry");
        Assert.Empty(registry!["templates"]!.AsObject());
        await gateway.WaitForAuditAsync(AuditActions.RegistrationRefused);
    }

    [Fact]
    public async Task Host_names_are_resolved_before_deciding()
    {
        // 169.254.169.254.nip.io-style names need DNS from outside; a hosts-style name that resolves locally is checked instead.
        Assert.True(UpstreamAddressPolicy.IsBlocked(System.Net.IPAddress.Parse("169.254.169.254")));
        Assert.False(UpstreamAddressPolicy.IsBlocked(System.Net.IPAddress.Loopback));
        Assert.False(UpstreamAddressPolicy.IsBlocked(System.Net.IPAddress.Parse("10.0.0.5")));
        await using var gateway = await GatewayHost.StartAsync();
        var response = await gateway.Client.PostAsJsonAsync("/gateway/register", McpServers.Http("local", "l1", "http://localhost:9/mcp"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Metadata_addresses_can_be_allowed_by_configuration()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["McpGateway:Registration:AllowMetadataAddresses"] = "true" });
        var response = await gateway.Client.PostAsJsonAsync("/gateway/register", McpServers.Http("meta", "m1", "http://169.254.169.254/mcp"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static JsonObject Stdio(string command) => new() { ["template"] = "tool", ["id"] = "t1", ["command"] = command, ["args"] = new JsonArray("--version") };

    private static InstanceDefinition StdioDefinition(string command)
        => new() { Template = "tool", Id = "t1", Transport = InstanceTransports.Stdio, Command = command };

    private static UpstreamAddressPolicy Policy(HostingMode mode, params string[]? allowed)
        => new(Options.Create(new RegistrationPolicyOptions { AllowedCommands = allowed }), new GatewayHosting(mode));

    [Fact]
    public async Task In_the_functions_mode_stdio_commands_must_be_on_the_allow_list()
    {
        var refused = await Assert.ThrowsAsync<GatewayException>(() => Policy(HostingMode.FunctionsWorker, null).CheckAsync(StdioDefinition("node"), default));
        Assert.Equal(403, refused.Status);
        Assert.Contains("AllowedCommands", refused.Message);
        await Policy(HostingMode.FunctionsWorker, "node").CheckAsync(StdioDefinition("node"), default);
        await Assert.ThrowsAsync<GatewayException>(() => Policy(HostingMode.FunctionsWorker, "node").CheckAsync(StdioDefinition("/bin/sh"), default));
        await Policy(HostingMode.Standalone, null).CheckAsync(StdioDefinition("/bin/sh"), default);
    }

    [Fact]
    public async Task Standalone_allows_every_command_unless_a_list_is_configured()
    {
        await using var open = await GatewayHost.StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await open.Client.PostAsJsonAsync("/gateway/register", Stdio("node"))).StatusCode);
        await using var listed = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["McpGateway:Registration:AllowedCommands:0"] = "npx" });
        Assert.Equal(HttpStatusCode.Forbidden, (await listed.Client.PostAsJsonAsync("/gateway/register", Stdio("node"))).StatusCode);
    }
}
