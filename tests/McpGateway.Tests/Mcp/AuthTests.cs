using System.Net;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Mcp;

/// <summary>With authentication on (the default), the MCP endpoints need a key, and answer without one with a JSON-RPC error.</summary>
[Collection(McpFrontDoorCollection.Name)]
public sealed class AuthTests(McpFrontDoorFixture fixture)
{
    [Fact]
    public async Task Mcp_endpoints_need_a_key_when_authentication_is_on()
    {
        await using var gateway = await GatewayHost.StartAsync();
        await gateway.RegisterAsync(McpServers.Http("fix-http", "fix-http-1", fixture.FixtureHttp.Endpoint));
        var url = new Uri(gateway.BaseAddress, "/mcp/fix-http").ToString();

        using var anonymous = gateway.CreateClient();
        var refused = await new RawMcpClient(anonymous, url).SendAsync("initialize", new JsonObject
        {
            ["protocolVersion"] = "2025-11-25", ["capabilities"] = new JsonObject(), ["clientInfo"] = new JsonObject { ["name"] = "t", ["version"] = "1" },
        });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);

        using var admin = gateway.CreateClient(GatewayHost.AdminKey);
        var client = new RawMcpClient(admin, url);
        await client.InitializeAsync();
        var call = await client.SendAsync("tools/call", new JsonObject { ["name"] = "test_simple_text", ["arguments"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.OK, call.Status);
        Assert.NotNull(call.Final["result"]);
        var listed = await new RawMcpClient(admin, new Uri(gateway.BaseAddress, "/mcp").ToString()).SendStatelessAsync("tools/list");
        Assert.Contains(listed.Final["result"]!["tools"]!.AsArray(), t => (string?)t!["name"] == "fix-http.test_simple_text");
    }
}
