using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Upstreams;

/// <summary>HTTP instances that only speak the legacy HTTP+SSE transport are reached through the SDK's fallback.</summary>
public sealed class LegacySseTests
{
    [Fact]
    public async Task A_legacy_sse_server_is_reached_through_fallback()
    {
        var port = Ports.Free();
        await using var server = await RunningServer.WaitAsync(
            ChildProcess.Start(Peers.Node, [Peers.ServerEverything, "sse"], new Dictionary<string, string> { ["PORT"] = port.ToString() }),
            port, "/sse");
        await using var gateway = await GatewayHost.StartAsync();
        await gateway.RegisterAsync(McpServers.Http("legacy", "sse-1", server.Endpoint));

        var response = await gateway.CallToolAsync("legacy", "echo", new JsonObject { ["message"] = "over sse" });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Echo: over sse", body!["content"]![0]!["text"]!.GetValue<string>());
    }
}
