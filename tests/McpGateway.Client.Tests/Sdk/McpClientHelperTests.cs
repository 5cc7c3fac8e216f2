using McpGateway.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Client.Tests.Sdk;

/// <summary>
/// <see cref="GatewayClient.ConnectMcpAsync"/>: the official SDK's <see cref="McpClient"/> through the gateway's MCP front door,
/// against <c>@modelcontextprotocol/server-everything</c>.
/// </summary>
public sealed class McpClientHelperTests : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartAsync();
        await _gateway.RegisterAsync(McpServers.EverythingStdio("everything", "ev-1"));
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private static GatewayClient Client(params Uri[] urls)
    {
        var options = new GatewayClientOptions { ApiKey = GatewayHost.AdminKey };
        foreach (var url in urls)
        {
            options.Urls.Add(url);
        }
        return new GatewayClient(options);
    }

    [Fact]
    public async Task An_sdk_client_on_a_template_lists_and_calls_tools_of_server_everything()
    {
        using var gateway = Client(_gateway.BaseAddress);
        await using var mcp = await gateway.ConnectMcpAsync("everything");
        var tools = await mcp.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "echo");
        var result = await mcp.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "through the gateway" });
        Assert.Equal("Echo: through the gateway", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task The_aggregate_endpoint_fails_over_past_a_gateway_that_is_down()
    {
        var down = new Uri($"http://127.0.0.1:{Ports.Free()}/");
        using var gateway = Client(down, _gateway.BaseAddress);
        await using var mcp = await gateway.ConnectMcpAsync();
        var tools = await mcp.ListToolsAsync();
        var echo = Assert.Single(tools, t => t.Name.StartsWith("everything", StringComparison.Ordinal) && t.Name.EndsWith("echo", StringComparison.Ordinal));
        var result = await mcp.CallToolAsync(echo.Name, new Dictionary<string, object?> { ["message"] = "aggregate" });
        Assert.Equal("Echo: aggregate", result.Content.OfType<TextContentBlock>().Single().Text);
        Assert.Equal(_gateway.BaseAddress.Port, gateway.CurrentUrl.Port);
    }

    [Fact]
    public async Task Without_credentials_the_front_door_refuses()
    {
        var options = new GatewayClientOptions();
        options.Urls.Add(_gateway.BaseAddress);
        using var anonymous = new GatewayClient(options);
        var e = await Assert.ThrowsAsync<GatewayException>(() => anonymous.ConnectMcpAsync("everything"));
        Assert.Equal(401, e.Status);
        Assert.True(e.IsAuthenticationError);
    }
}
