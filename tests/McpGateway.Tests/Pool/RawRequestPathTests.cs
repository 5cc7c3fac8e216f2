using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Pool;

/// <summary>
/// Calls to a shared pool process are written by the gateway and their answers matched by id on the reading thread (the raw
/// request path), with the same results and errors as through the MCP client; calls with progress keep the client's path.
/// </summary>
public sealed class RawRequestPathTests
{
    [Fact]
    public async Task Calls_to_a_2025_server_take_the_raw_path_with_their_results_and_errors()
    {
        await using var gateway = await PoolTestSupport.StartGatewayAsync(min: 1, max: 1);
        await gateway.RegisterAsync(PoolTestSupport.TinyStdio("tiny", "t1", "raw-" + Guid.NewGuid().ToString("N")));

        for (var i = 0; i < 20; i++)
        {
            var response = await gateway.CallToolAsync("tiny", "echo", new() { ["message"] = $"hello {i} ✓ \"quoted\"" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await PoolTestSupport.JsonAsync(response);
            Assert.Equal($"hello {i} ✓ \"quoted\"", body["content"]![0]!["text"]!.GetValue<string>());
        }
        // An upstream JSON-RPC error keeps its code and message on the raw path too.
        var failed = await gateway.CallToolAsync("tiny", "no_such_tool");
        var problem = await PoolTestSupport.JsonAsync(failed);
        Assert.Equal(-32602, problem["mcp_error_code"]!.GetValue<int>());
        Assert.Contains("Unknown tool: no_such_tool", problem["detail"]!.GetValue<string>());

        // The tiny server speaks 2025-11-25 (initialize): nothing per request is needed, so every call went the raw way.
        Assert.True(gateway.Pool("t1").Snapshot().RawCalls >= 21);
        var stats = await gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/stats");
        Assert.True(stats!["pools"]!["instances"]!["tiny/t1"]!["raw_calls"]!.GetValue<long>() >= 21);
    }

    [Fact]
    public async Task Calls_to_a_2026_server_carry_the_clients_own_request_metadata_on_the_raw_path()
    {
        await using var gateway = await PoolTestSupport.StartGatewayAsync(min: 1, max: 1);
        await gateway.RegisterAsync(McpServers.TestServerStdio("ts", "ts1"));

        // The C# test server negotiates 2026-07-28, which needs io.modelcontextprotocol/* metadata on every request: it
        // rejects a request without it. The first call goes through the MCP client (which shows what it sends), the rest raw.
        for (var i = 0; i < 10; i++)
        {
            var response = await gateway.CallToolAsync("ts", "echo", new() { ["message"] = "m" + i });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("m" + i, (await PoolTestSupport.JsonAsync(response))["content"]![0]!["text"]!.GetValue<string>());
        }
        var error = await gateway.CallToolAsync("ts", "error", new() { ["code"] = -32001, ["message"] = "told to fail" });
        var problem = await PoolTestSupport.JsonAsync(error);
        Assert.Equal(-32001, problem["mcp_error_code"]!.GetValue<int>());
        Assert.Contains("told to fail", problem["detail"]!.GetValue<string>());

        Assert.True(gateway.Pool("ts1").Snapshot().RawCalls >= 9, $"raw calls: {gateway.Pool("ts1").Snapshot().RawCalls}");
    }

    [Fact]
    public async Task A_call_with_progress_keeps_the_clients_path_so_its_progress_comes_first()
    {
        // No background probes: the first probe of a new instance is a raw ping, and on a loaded machine it could land
        // between the two counter reads below (it did: "Expected: 0, Actual: 1"). Only this test's own calls are counted.
        await using var gateway = await PoolTestSupport.StartGatewayAsync(min: 1, max: 1,
            extra: new Dictionary<string, string?> { ["McpGateway:EnableBackgroundHealthChecks"] = "false" });
        await gateway.RegisterAsync(McpServers.TestServerStdio("pr", "pr1"));
        Assert.Equal(HttpStatusCode.OK, (await gateway.CallToolAsync("pr", "echo", new() { ["message"] = "warm" })).StatusCode);
        var before = gateway.Pool("pr1").Snapshot().RawCalls;

        var client = new RawMcpClient(gateway.Client, new Uri(gateway.BaseAddress, "/mcp/pr").ToString());
        var reply = await client.SendStatelessAsync("tools/call", new JsonObject
        {
            ["name"] = "progress",
            ["arguments"] = new JsonObject { ["steps"] = 3, ["delay_ms"] = 1 },
            ["_meta"] = new JsonObject { ["progressToken"] = "p-7" },
        });
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(3, reply.Messages.Count(m => (string?)m["method"] == "notifications/progress"));
        Assert.True(reply.Messages[^1].ContainsKey("result"), reply.Messages[^1].ToJsonString());
        Assert.Equal(before, gateway.Pool("pr1").Snapshot().RawCalls);
    }
}
