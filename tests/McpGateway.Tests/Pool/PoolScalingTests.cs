using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Pool;

/// <summary>A stdio instance is a pool of warm processes: it grows under load up to max_workers and shrinks back to min_workers when idle.</summary>
public sealed class PoolScalingTests
{
    [Fact]
    public async Task Scales_from_min_to_max_under_32_concurrent_calls_and_back_down_when_idle()
    {
        var marker = "pool-scale-" + Guid.NewGuid().ToString("N");
        await using var gateway = await PoolTestSupport.StartGatewayAsync(min: 2, max: 6, idleSeconds: 1);
        await gateway.RegisterAsync(McpServers.TestServerStdio("scale", "s1", "--id", marker));
        Assert.Equal(HttpStatusCode.OK, (await gateway.CallToolAsync("scale", "echo", new() { ["message"] = "warm" })).StatusCode);
        var pool = gateway.Pool("s1");
        await PoolTestSupport.WaitUntilAsync(() => pool.Snapshot().Processes == 2, TimeSpan.FromSeconds(60), "the pool has its 2 warm processes");
        Assert.Equal(2, ProcessScan.With(marker).Count);

        var peak = 0;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                peak = Math.Max(peak, pool.Snapshot().Processes);
                await Task.Delay(20);
            }
        });
        // Rounds of 32 concurrent 300 ms calls until the pool has grown to its maximum (process start-up is slow on a loaded machine).
        var statuses = new List<HttpStatusCode>();
        var rounds = 0;
        var stopwatch = Stopwatch.StartNew();
        while (peak < 6 && stopwatch.Elapsed < TimeSpan.FromSeconds(90))
        {
            var calls = Enumerable.Range(0, 32).Select(_ => gateway.CallToolAsync("scale", "slow", new() { ["ms"] = 300 }));
            statuses.AddRange((await Task.WhenAll(calls)).Select(r => r.StatusCode));
            rounds++;
        }
        await watching.CancelAsync();
        await watcher;

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(6, peak);
        Assert.True(ProcessScan.With(marker).Count <= 6, "never more processes than max_workers");

        var stats = await gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/stats");
        var entry = stats!["pools"]!["instances"]!["scale/s1"]!;
        Assert.True(entry["calls"]!.GetValue<long>() >= 32 * rounds);
        Assert.True(entry["call_ms"]!["p50"]!.GetValue<double>() >= 300);
        Assert.True(0 == entry["spawn_failures"]!.GetValue<long>(), gateway.Logs.Text);
        Assert.NotNull(entry["queued"]);
        Assert.NotNull(entry["busy"]);

        // Idle for more than a second: back to min_workers, and the stopped processes are really gone.
        await PoolTestSupport.WaitUntilAsync(() => pool.Snapshot().Processes == 2, TimeSpan.FromSeconds(30), "the pool shrinks back to 2");
        await PoolTestSupport.WaitUntilAsync(() => ProcessScan.With(marker).Count == 2, TimeSpan.FromSeconds(15), "the idle processes exit");
        Assert.Equal(HttpStatusCode.OK, (await gateway.CallToolAsync("scale", "echo", new() { ["message"] = "still warm" })).StatusCode);
    }

    [Fact]
    public async Task Server_everything_runs_as_a_warm_pool_initialised_once_per_process()
    {
        await using var gateway = await PoolTestSupport.StartGatewayAsync(min: 2, max: 2);
        await gateway.RegisterAsync(McpServers.EverythingStdio("ev", "e1"));
        Assert.Equal(HttpStatusCode.OK, (await gateway.CallToolAsync("ev", "echo", new() { ["message"] = "first" })).StatusCode);
        var pool = gateway.Pool("e1");
        await PoolTestSupport.WaitUntilAsync(() => pool.Snapshot().Processes == 2, TimeSpan.FromSeconds(60), "both processes are up");
        var pids = pool.ProcessIds.ToHashSet();

        var calls = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => gateway.CallToolAsync("ev", "echo", new() { ["message"] = "m" + i })));

        Assert.All(calls, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        // The same two processes served everything: no process (and no initialize) per call.
        Assert.Equal(pids, pool.ProcessIds.ToHashSet());
        Assert.Equal(0, pool.Restarts);
    }

    [Theory]
    [InlineData("""{"template":"v","id":"v1","command":"python3","min_workers":3,"max_workers":2}""")]
    [InlineData("""{"template":"v","id":"v2","command":"python3","max_workers":0}""")]
    [InlineData("""{"template":"v","id":"v3","command":"python3","max_workers":65}""")]
    [InlineData("""{"template":"v","id":"v4","endpoint":"http://127.0.0.1:1/mcp","min_workers":1}""")]
    public async Task Invalid_worker_counts_are_rejected_naming_the_field(string registration)
    {
        await using var gateway = await PoolTestSupport.StartGatewayAsync();
        var response = await gateway.Client.PostAsync("/gateway/register", new StringContent(registration, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("workers", await response.Content.ReadAsStringAsync());
    }
}
