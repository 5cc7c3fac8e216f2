using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Streaming;

/// <summary>The in-process hub <c>/hubs/progress</c> with the real <c>@microsoft/signalr</c> JS client under node.</summary>
[Collection(StreamingCollection.Name)]
public sealed class SignalRHubTests(StreamingFixture fixture)
{
    private static string Script => Path.Combine(Repo.Root, "tests", "McpGateway.Tests", "Streaming", "js", "subscribe-job.mjs");

    [Fact]
    public async Task Js_client_gets_every_published_event_in_order_with_progress_before_done()
    {
        const int steps = 6;
        var submitted = await fixture.Gateway.Client.PostAsJsonAsync("/mcp/alpha/tools/call", new JsonObject
        {
            ["name"] = "progress",
            ["arguments"] = StreamingFixture.Args(("steps", steps), ("delay_ms", 100)),
            ["async"] = true,
        });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, submitted.StatusCode);
        var jobId = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!.GetValue<string>();

        await using var node = ChildProcess.Start(Peers.Node, [Script, fixture.Gateway.BaseAddress.ToString(), jobId],
            new Dictionary<string, string> { ["PEERS_DIR"] = Peers.Directory, ["GATEWAY_TOKEN"] = GatewayHost.AdminKey });
        await WaitForAsync(() => Lines(node).Any(l => l["event"]?.GetValue<string>() == "subscribed"), node, "the client to subscribe");

        // The job runs only now, so the client cannot miss an event.
        await fixture.RunNextJobAsync();
        await node.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(node.Process.ExitCode == 0, node.Output);

        var events = Lines(node).Where(l => l["type"] is not null).ToList();
        Assert.All(events, e => Assert.Equal(jobId, e["jobId"]!.GetValue<string>()));
        var types = events.Select(e => e["type"]!.GetValue<string>()).ToList();
        Assert.Equal("done", types[^1]);
        Assert.Equal(1, types.Count(t => t == "done"));
        // Exactly what the gateway published for the job, in the same order: nothing lost or reordered on the way.
        var published = fixture.Published.For(jobId);
        Assert.Equal(published.Select(e => e.Type + e.Data.ToJsonString()), events.Select(e => e["type"]!.GetValue<string>() + e["data"]!.ToJsonString()));
        var progress = events.Where(e => e["type"]!.GetValue<string>() == "progress").Select(e => e["data"]!).ToList();
        ProgressAssert.Complete(progress.Select(p => p["progress"]!.GetValue<double>()).ToList(), steps, node.Output);
        Assert.All(progress, p => Assert.Equal(steps, p["total"]!.GetValue<double>()));
        var lastProgress = types.LastIndexOf("progress");
        Assert.True(lastProgress < types.IndexOf("result"), string.Join(",", types));
        Assert.Contains($"completed {steps} steps", events.Single(e => e["type"]!.GetValue<string>() == "result")["data"]!.ToJsonString());
        Assert.Equal("succeeded", events[^1]["data"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Subscribing_to_an_unknown_job_fails_on_the_client()
    {
        await using var node = ChildProcess.Start(Peers.Node, [Script, fixture.Gateway.BaseAddress.ToString(), "j_missing"],
            new Dictionary<string, string> { ["PEERS_DIR"] = Peers.Directory, ["GATEWAY_TOKEN"] = GatewayHost.AdminKey });
        await node.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, node.Process.ExitCode);
        Assert.Contains("No job 'j_missing'", node.Output);
    }

    private static List<JsonNode> Lines(ChildProcess process)
        => process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonNode.Parse(l)!)
            .ToList();

    private static async Task WaitForAsync(Func<bool> condition, ChildProcess process, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new Xunit.Sdk.XunitException($"Gave up waiting for {what}. Output:\n{process.Output}");
            }
            await Task.Delay(50);
        }
    }
}
