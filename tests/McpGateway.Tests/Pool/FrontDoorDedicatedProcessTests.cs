using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Pool;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Pool;

/// <summary>
/// An MCP front-door session whose client can be asked things (sampling, elicitation, roots) gets a leased process of its
/// own on a stdio template: counted against MAX_TOTAL_WORKERS, stopped when the session ends.
/// </summary>
public sealed class FrontDoorDedicatedProcessTests
{
    /// <summary>No health probe within the test, so no shared pool process takes a place under the limit.</summary>
    private static readonly Dictionary<string, string?> NoProbes = new() { ["McpGateway:HealthIntervalSeconds"] = "3600" };

    private static readonly JsonObject Sampling = new() { ["sampling"] = new JsonObject() };

    private static JsonObject Echo(string text) => new() { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = text } };

    [Fact]
    public async Task A_session_with_sampling_leases_a_process_that_ends_with_the_session()
    {
        var marker = "fd-dedicated-" + Guid.NewGuid().ToString("N");
        await using var gateway = await PoolTestSupport.StartGatewayAsync(min: 0, max: 2, idleSeconds: 3600, extra: NoProbes);
        Assert.Equal(HttpStatusCode.Created, (await gateway.Client.PostAsJsonAsync("/gateway/register", PoolTestSupport.TinyStdio("tiny", "t1", marker))).StatusCode);
        var pools = gateway.Get<StdioProcessPools>();
        var client = new RawMcpClient(gateway.Client, new Uri(gateway.BaseAddress, "/mcp/tiny").ToString());
        await client.InitializeAsync(capabilities: (JsonObject)Sampling.DeepClone());

        var reply = await client.SendAsync("tools/call", Echo("mine"));
        Assert.Equal("mine", reply.Final["result"]!["content"]![0]!["text"]!.GetValue<string>());
        var lease = Assert.Single(pools.Dedicated); // opened by the session's first call (the shared pool serves initialize)
        var pid = lease.ProcessId!.Value;
        Assert.Equal(1, pools.DedicatedStarted);
        var shared = pools.Pools.Single().Snapshot();
        // and it counts against MAX_TOTAL_WORKERS (the shared pool may still be starting a second process it asked for
        // while the first was starting: a starting process holds its place in the budget too)
        Assert.Equal(shared.Processes + shared.Starting + 1, pools.Budget.Used);
        Assert.Equal("mine again", (await client.SendAsync("tools/call", Echo("mine again"))).Final["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Same(lease, Assert.Single(pools.Dedicated));

        Assert.Equal(HttpStatusCode.OK, await client.DeleteAsync());
        await PoolTestSupport.WaitUntilAsync(() => pools.Dedicated.Count == 0, TimeSpan.FromSeconds(15), "the session's process is released");
        await PoolTestSupport.WaitUntilAsync(() => !Directory.Exists("/proc/" + pid), TimeSpan.FromSeconds(15), "the session's process has exited");
        var left = pools.Pools.Single().Snapshot();
        Assert.Equal(left.Processes + left.Starting, pools.Budget.Used); // only the shared pool's processes are left
    }

    [Fact]
    public async Task A_session_over_the_process_limit_gets_an_error_and_the_gateway_stays_within_it()
    {
        var marker = "fd-dedicated-cap-" + Guid.NewGuid().ToString("N");
        await using var gateway = await PoolTestSupport.StartGatewayAsync(min: 0, max: 1, idleSeconds: 3600, maxTotal: 2, extra: NoProbes);
        Assert.Equal(HttpStatusCode.Created, (await gateway.Client.PostAsJsonAsync("/gateway/register", PoolTestSupport.TinyStdio("tiny", "t1", marker))).StatusCode);
        var pools = gateway.Get<StdioProcessPools>();
        var first = new RawMcpClient(gateway.Client, new Uri(gateway.BaseAddress, "/mcp/tiny").ToString());
        await first.InitializeAsync(capabilities: (JsonObject)Sampling.DeepClone());
        Assert.Equal("a", (await first.SendAsync("tools/call", Echo("a"))).Final["result"]!["content"]![0]!["text"]!.GetValue<string>());

        var second = new RawMcpClient(gateway.Client, new Uri(gateway.BaseAddress, "/mcp/tiny").ToString());
        await second.InitializeAsync(capabilities: (JsonObject)Sampling.DeepClone());
        var refused = await second.SendAsync("tools/call", Echo("b"));
        Assert.Contains("MAX_TOTAL_WORKERS", refused.Final["error"]!["message"]!.GetValue<string>());
        Assert.Equal(2, pools.Budget.Used); // the shared process (it described the server at initialize) and the first session's
        Assert.Single(pools.Dedicated);

        Assert.Equal(HttpStatusCode.OK, await first.DeleteAsync());
        await PoolTestSupport.WaitUntilAsync(() => pools.Budget.Used == 1, TimeSpan.FromSeconds(15), "the first session's process is released");
        Assert.Equal("b", (await second.SendAsync("tools/call", Echo("b"))).Final["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }
}
