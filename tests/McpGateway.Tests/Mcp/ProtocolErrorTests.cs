using System.Net;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Mcp;

/// <summary>Errors on the MCP endpoints are JSON-RPC error bodies with a fitting HTTP status, and Origin is checked.</summary>
[Collection(McpFrontDoorCollection.Name)]
public sealed class ProtocolErrorTests(McpFrontDoorFixture fixture)
{
    [Theory]
    [InlineData("{not json", 400, -32700)]
    [InlineData("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", 400, -32600)]
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", 400, -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", 400, -32600)]
    public async Task Malformed_messages_get_json_rpc_errors(string body, int status, int code)
    {
        using var http = new HttpClient();
        var client = new RawMcpClient(http, fixture.Url("fix-http"));
        var reply = await client.PostAsync(new JsonObject(), body: body);
        Assert.Equal(status, (int)reply.Status);
        Assert.Equal(code, reply.Final["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Unknown_method_and_invalid_params_pass_through_with_their_codes()
    {
        using var http = new HttpClient();
        var client = new RawMcpClient(http, fixture.Url("fix-http"));
        await client.InitializeAsync();
        var unknown = await client.SendAsync("no/such-method");
        Assert.Equal(-32601, unknown.Final["error"]!["code"]!.GetValue<int>());
        var invalid = await client.SendAsync("prompts/get", new JsonObject { ["name"] = "no_such_prompt" });
        Assert.Equal(-32602, invalid.Final["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Unknown_template_is_404_with_a_json_rpc_error()
    {
        using var http = new HttpClient();
        var client = new RawMcpClient(http, fixture.Url("no-such-template"));
        var reply = await client.SendAsync("initialize", new JsonObject { ["protocolVersion"] = "2025-11-25", ["capabilities"] = new JsonObject(), ["clientInfo"] = new JsonObject { ["name"] = "t", ["version"] = "1" } });
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.NotNull(reply.Final["error"]!["code"]);
    }

    [Fact]
    public async Task No_healthy_instance_is_503_with_a_json_rpc_error()
    {
        await fixture.Gateway.RegisterAsync(McpServers.Http("dead", "dead-1", $"http://127.0.0.1:{Ports.Free()}/mcp"));
        using var http = new HttpClient();
        var client = new RawMcpClient(http, fixture.Url("dead"));
        var reply = await client.SendStatelessAsync("tools/list");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, reply.Status);
        Assert.Equal(-32000, reply.Final["error"]!["code"]!.GetValue<int>());
        Assert.DoesNotContain("   at ", reply.Final.ToJsonString());
    }

    [Theory]
    [InlineData("http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost:3000", HttpStatusCode.OK)]
    public async Task Origin_is_validated(string origin, HttpStatusCode expected)
    {
        using var http = new HttpClient();
        var client = new RawMcpClient(http, fixture.Url("fix-http"));
        var reply = await client.PostAsync(new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "initialize",
            ["params"] = new JsonObject { ["protocolVersion"] = "2025-11-25", ["capabilities"] = new JsonObject(), ["clientInfo"] = new JsonObject { ["name"] = "t", ["version"] = "1" } },
        }, new Dictionary<string, string> { ["Origin"] = origin });
        Assert.Equal(expected, reply.Status);
    }

    [Fact]
    public async Task A_foreign_host_is_rejected_on_a_loopback_bind()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Url("fix-http")) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Host = "evil.example";
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Get_without_a_session_and_stateless_get_are_refused()
    {
        using var http = new HttpClient();
        using var get = new HttpRequestMessage(HttpMethod.Get, fixture.Url("fix-http"));
        get.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(get);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var stateless = new HttpRequestMessage(HttpMethod.Get, fixture.Url("fix-http"));
        stateless.Headers.Accept.ParseAdd("text/event-stream");
        stateless.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        using var refused = await http.SendAsync(stateless);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
    }
}
