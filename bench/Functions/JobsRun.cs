namespace McpGateway.Bench.Functions;

/// <summary>The async-job scenario on the Functions app and, as a reference, on the standalone gateway; runs alternate between them.</summary>
internal static class JobsRun
{
    public static async Task<List<JobResults>> RunAsync(Targets targets, FunctionsOptions o, Action<string> log, CancellationToken ct)
    {
        JobScenario[] gateways =
        [
            new("Functions host → isolated worker (Azurite tables + queue)", targets.FunctionsHttp, targets.Functions.BaseAddress),
            new("standalone gateway (SQLite, reference)", targets.StandaloneHttp, targets.Standalone.Uri),
        ];
        var calls = gateways.Select(_ => new List<AsyncCall>()).ToArray();
        var batches = gateways.Select(_ => new List<BatchRun>()).ToArray();
        foreach (var gateway in gateways)
        {
            for (var i = 0; i < 3; i++)
            {
                await gateway.AsyncCallAsync(-1 - i, ct); // warm-up, discarded
            }
            await gateway.BatchAsync(10, o.MaxParallel, ct); // warm-up, discarded
        }
        for (var run = 0; run < o.AsyncRuns; run++)
        {
            foreach (var g in run % 2 == 0 ? [0, 1] : new[] { 1, 0 })
            {
                var call = await gateways[g].AsyncCallAsync(run, ct);
                calls[g].Add(call);
                log($"async {run + 1}/{o.AsyncRuns} {gateways[g].Name}: 202 after {call.AcceptMs:0.0} ms, {call.Status} seen after {call.EndToEndMs:0.0} ms");
            }
        }
        for (var round = 0; round < o.BatchRounds; round++)
        {
            foreach (var g in round % 2 == 0 ? [0, 1] : new[] { 1, 0 })
            {
                var batch = await gateways[g].BatchAsync(o.BatchSize, o.MaxParallel, ct);
                batches[g].Add(batch);
                log($"batch {round + 1}/{o.BatchRounds} {gateways[g].Name}: {o.BatchSize} calls done after {batch.WallMs:0} ms ({batch.Counts})");
            }
        }
        var results = new List<JobResults>();
        for (var g = 0; g < gateways.Length; g++)
        {
            results.Add(new JobResults(gateways[g].Name, calls[g], batches[g], await gateways[g].EngineAsync(ct)));
        }
        return results;
    }
}
