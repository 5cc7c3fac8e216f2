using System.Diagnostics;
using System.Text.Json.Nodes;
using McpGateway.Pool;
using McpGateway.Registry;
using McpGateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace McpGateway.Tests.Pool;

/// <summary>Sessions that need their own upstream get a dedicated process; it is reaped when the session ends or idles out.</summary>
public sealed class DedicatedProcessTests(ITestOutputHelper output)
{
    /// <summary>200 by default (about 20-60 s on 2 busy cores); set MCPGW_DEDICATED_SESSIONS=1000 for the full run.</summary>
    private static int Sessions => int.TryParse(Environment.GetEnvironmentVariable("MCPGW_DEDICATED_SESSIONS"), out var n) && n > 0 ? n : 200;

    private static InstanceDefinition Tiny(string marker) => new()
    {
        Template = "tiny",
        Id = "d1",
        Transport = InstanceTransports.Stdio,
        Command = "python3",
        Args = [ProcessScan.TinyServer, marker],
    };

    [Fact]
    public async Task Short_lived_sessions_with_dedicated_processes_leave_zero_processes_behind()
    {
        var marker = "dedicated-" + Guid.NewGuid().ToString("N");
        await using var gateway = await PoolTestSupport.StartGatewayAsync(dedicatedIdleSeconds: 1, maxTotal: 64);
        var pools = gateway.Get<StdioProcessPools>();
        var instance = Tiny(marker);
        var stopwatch = Stopwatch.StartNew();
        var abandoned = 0;
        var peak = 0;
        await Parallel.ForAsync(0, Sessions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var lease = await pools.LeaseDedicatedAsync(instance, cancellationToken: ct);
            peak = Math.Max(peak, pools.Dedicated.Count);
            var result = await lease.SendAsync("tools/call", new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "s" + i } },
                TimeSpan.FromSeconds(30), ct);
            Assert.Equal("s" + i, result!["content"]![0]!["text"]!.GetValue<string>());
            if (i % 10 == 0)
            {
                Interlocked.Increment(ref abandoned); // the client vanished without ending its session: the idle reaper takes it
            }
            else
            {
                await lease.DisposeAsync();
            }
        });
        output.WriteLine($"{Sessions} sessions in {stopwatch.Elapsed.TotalSeconds:0.0} s ({Sessions / stopwatch.Elapsed.TotalSeconds:0.0}/s), peak {peak} dedicated processes, {abandoned} left to idle out");

        Assert.Equal(Sessions, pools.DedicatedStarted);
        await PoolTestSupport.WaitUntilAsync(() => pools.Dedicated.Count == 0, TimeSpan.FromSeconds(30), "idle sessions are reaped");
        Assert.True(pools.DedicatedReaped >= abandoned);
        Assert.Empty(await ProcessScan.WaitForNoneAsync(marker, TimeSpan.FromSeconds(15)));
        Assert.Equal(0, pools.Budget.Used);
    }

    [Fact]
    public async Task A_dedicated_process_counts_against_the_total_cap_and_a_lease_over_it_is_refused()
    {
        var marker = "dedicated-cap-" + Guid.NewGuid().ToString("N");
        await using var gateway = await PoolTestSupport.StartGatewayAsync(maxTotal: 2, min: 0, max: 2);
        var pools = gateway.Get<StdioProcessPools>();
        await using var first = await pools.LeaseDedicatedAsync(Tiny(marker));
        await using var second = await pools.LeaseDedicatedAsync(Tiny(marker));
        var refused = await Assert.ThrowsAsync<McpGateway.Upstreams.UpstreamException>(() => pools.LeaseDedicatedAsync(Tiny(marker)));
        Assert.Equal(McpGateway.Upstreams.UpstreamFailureKind.NotReached, refused.Kind);
        Assert.Contains("MAX_TOTAL_WORKERS", refused.Message);
        Assert.NotEqual(first.ProcessId, second.ProcessId);

        await first.DisposeAsync();
        await using var third = await pools.LeaseDedicatedAsync(Tiny(marker));
        Assert.NotNull(third.ProcessId);
        Assert.True(third.Ended.IsCompleted is false);
    }
}
