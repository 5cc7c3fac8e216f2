using ModelContextProtocol.Client;

namespace McpGateway.Bench.Functions;

/// <summary>The warm numbers of one path: pooled latencies and each round's p50.</summary>
internal sealed record WarmPath(string Name, Sample Pooled, List<double> RoundP50s);

/// <summary>
/// Warm REST <c>tools/call</c> (echo) with one sequential keep-alive client: straight to the upstream (SDK client), through the
/// standalone gateway, and through the Functions host. Warm-up calls on every path, one discarded round, then rounds in which
/// every path runs for the same time, the order rotating each round so drift hits all paths alike.
/// </summary>
internal static class WarmScenario
{
    public static async Task<List<WarmPath>> RunAsync(Targets targets, FunctionsOptions o, Action<string> log, CancellationToken ct)
    {
        await using var direct = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = targets.UpstreamMcp,
            TransportMode = HttpTransportMode.StreamableHttp,
            Name = "bench-direct-http",
        }), new McpClientOptions(), cancellationToken: ct);
        const string message = "hello functions";
        ICaller[] callers =
        [
            new DirectMcpCaller("direct (SDK client → upstream)", direct, message),
            new GatewayRestCaller("standalone gateway (REST)", targets.StandaloneHttp, targets.Standalone.Uri, Targets.Template, message),
            new GatewayRestCaller("Functions host → isolated worker (REST)", targets.FunctionsHttp, targets.Functions.BaseAddress, Targets.Template, message),
        ];
        foreach (var caller in callers)
        {
            await Load.CountAsync(caller, 1, o.Warmup, ct);
            await Load.ForDurationAsync(caller, 1, TimeSpan.FromSeconds(1), ct); // discarded
        }
        var paths = callers.Select(c => new WarmPath(c.Name, new Sample(), [])).ToArray();
        for (var round = 0; round < o.Rounds; round++)
        {
            var order = Enumerable.Range(0, callers.Length).Select(i => (i + round) % callers.Length);
            if (round % 2 == 1)
            {
                order = order.Reverse();
            }
            foreach (var i in order)
            {
                var sample = await Load.ForDurationAsync(callers[i], 1, TimeSpan.FromSeconds(o.Seconds), ct);
                paths[i].Pooled.Add(sample);
                var summary = sample.Summarize();
                paths[i].RoundP50s.Add(summary.P50);
                log($"warm round {round + 1}: {callers[i].Name}: {summary.Count} calls, p50 {summary.P50:0.000} ms, p99 {summary.P99:0.000} ms");
            }
        }
        return [.. paths];
    }
}
