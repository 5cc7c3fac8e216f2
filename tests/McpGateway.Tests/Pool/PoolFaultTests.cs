using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Pool;

/// <summary>Processes that die mid-call, commands that cannot start, and whole process trees: failures are responses, never crashes or orphans.</summary>
public sealed class PoolFaultTests
{
    [Fact]
    public async Task A_worker_killed_mid_call_fails_that_call_as_may_have_executed_and_is_replaced()
    {
        await using var gateway = await PoolTestSupport.StartGatewayAsync();
        var registration = McpServers.TestServerStdio("victim", "k1");
        registration["min_workers"] = 1;
        registration["max_workers"] = 1;
        await gateway.RegisterAsync(registration);
        Assert.Equal(HttpStatusCode.OK, (await gateway.CallToolAsync("victim", "echo", new() { ["message"] = "warm" })).StatusCode);
        var pool = gateway.Pool("k1");
        var victim = Assert.Single(pool.ProcessIds);

        var call = gateway.CallToolAsync("victim", "slow", new() { ["ms"] = 20_000 });
        await PoolTestSupport.WaitUntilAsync(() => pool.Snapshot().InFlight == 1, TimeSpan.FromSeconds(30), "the slow call is in flight");
        await Task.Delay(200);
        Process.GetProcessById(victim).Kill(); // SIGKILL

        var response = await call;
        var problem = await PoolTestSupport.JsonAsync(response);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.True(problem["may_have_executed"]!.GetValue<bool>());
        Assert.Contains("may have executed", problem["detail"]!.GetValue<string>());

        // The pool starts a new process (after a backoff) and serves again; the gateway never went down.
        await PoolTestSupport.WaitUntilAsync(() => pool.ProcessIds.Count == 1 && pool.ProcessIds[0] != victim, TimeSpan.FromSeconds(60),
            "a replacement process is up");
        var again = await gateway.CallToolAsync("victim", "echo", new() { ["message"] = "back" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(pool.Restarts >= 1);
        var stats = await gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/stats");
        Assert.True(stats!["pools"]!["instances"]!["victim/k1"]!["restarts"]!.GetValue<long>() >= 1);
    }

    [Theory]
    [InlineData("/nonexistent/mcp-server-binary")]
    [InlineData("no-such-mcp-command-on-path")]
    public async Task A_command_that_cannot_start_is_an_error_response_and_a_health_event_not_a_crash(string command)
    {
        await using var gateway = await PoolTestSupport.StartGatewayAsync();
        await gateway.RegisterAsync(new JsonObject { ["template"] = "ghost", ["id"] = "g1", ["command"] = command });

        // The pool's pre-start may fail the instance before this call arrives: either way the answer names the
        // instance and why it cannot serve, and says nothing ran.
        var response = await gateway.CallToolAsync("ghost", "anything");
        var problem = await PoolTestSupport.JsonAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("g1", problem["detail"]!.GetValue<string>());
        Assert.Contains("could not start", problem["detail"]!.GetValue<string>());
        Assert.False(problem["may_have_executed"]!.GetValue<bool>());
        // The instance is out of rotation now; later calls are refused without another spawn attempt per call.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.CallToolAsync("ghost", "anything")).StatusCode);
        }
        // A health probe retries the start (after the backoff) and fails again: another health event, still no crash.
        await Task.Delay(600);
        await gateway.Get<McpGateway.Health.HealthSweep>().RunAsync(force: true, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/gateway/health")).StatusCode);
        var health = await gateway.Client.GetFromJsonAsync<JsonObject>("/mcp/ghost/health");
        Assert.Equal("unhealthy", health!["instances"]!["g1"]!["status"]!.GetValue<string>());
        Assert.Contains("could not start", health["instances"]!["g1"]!["last_error"]!.GetValue<string>());
        var stats = await gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/stats");
        Assert.True(stats!["pools"]!["instances"]!["ghost/g1"]!["spawn_failures"]!.GetValue<long>() >= 2);
        Assert.Equal(0, stats["pools"]!["total_processes"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_idle_process_over_the_memory_ceiling_is_recycled()
    {
        var marker = "pool-rss-" + Guid.NewGuid().ToString("N");
        // 1 MiB: every real process is over it, so each idle process is recycled and replaced.
        await using var gateway = await PoolTestSupport.StartGatewayAsync(min: 1, max: 1,
            extra: new Dictionary<string, string?> { ["McpGateway:Pool:MemoryLimitMb"] = "1" });
        await gateway.RegisterAsync(PoolTestSupport.TinyStdio("fat", "f1", marker));
        Assert.Equal(HttpStatusCode.OK, (await gateway.CallToolAsync("fat", "echo", new() { ["message"] = "x" })).StatusCode);
        var pool = gateway.Pool("f1");
        // Recycling starts as soon as the process is idle, so take the first pid the pool reports, whenever that is.
        var first = ProcessScan.With(marker).Min();

        await PoolTestSupport.WaitUntilAsync(() => pool.Snapshot().Recycled >= 1 && pool.ProcessIds.Count == 1 && pool.ProcessIds[0] != first,
            TimeSpan.FromSeconds(30), "the process is recycled and replaced");
        await PoolTestSupport.WaitUntilAsync(() => !ProcessScan.With(marker).Contains(first), TimeSpan.FromSeconds(15), "the recycled process is gone");
    }

    [Fact]
    public async Task Deregistering_and_shutting_down_reap_whole_process_trees()
    {
        // sh forks python (like npx forks node): the child must go with its parent.
        var marker = "pool-tree-" + Guid.NewGuid().ToString("N");
        var gateway = await PoolTestSupport.StartGatewayAsync(min: 2, max: 2);
        try
        {
            foreach (var id in new[] { "t1", "t2" })
            {
                await gateway.RegisterAsync(new JsonObject
                {
                    ["template"] = "tree-" + id,
                    ["id"] = id,
                    ["command"] = "sh",
                    ["args"] = new JsonArray("-c", $"python3 {ProcessScan.TinyServer} {marker}-{id}; exit 0"),
                });
                Assert.Equal(HttpStatusCode.OK, (await gateway.CallToolAsync("tree-" + id, "echo", new() { ["message"] = "x" })).StatusCode);
            }
            await PoolTestSupport.WaitUntilAsync(() => ProcessScan.With(marker).Count == 8, TimeSpan.FromSeconds(30),
                "2 instances x 2 processes x (sh + python) are running");

            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.DeleteAsync("/gateway/deregister/tree-t1/t1")).StatusCode);
            Assert.Empty(await ProcessScan.WaitForNoneAsync(marker + "-t1", TimeSpan.FromSeconds(15)));
            Assert.Equal(4, ProcessScan.With(marker + "-t2").Count);
        }
        finally
        {
            await gateway.DisposeAsync();
        }
        Assert.Empty(await ProcessScan.WaitForNoneAsync(marker, TimeSpan.FromSeconds(15)));
    }
}
