using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Jobs;
using McpGateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tests.Jobs;

/// <summary>Every upstream progress notification of a job is published, in order, before its result.</summary>
public sealed class JobProgressOrderTests
{
    private sealed class RecordingSink : IJobEventSink
    {
        public ConcurrentQueue<JobEvent> Events { get; } = new();

        public ValueTask PublishAsync(JobEvent jobEvent, CancellationToken cancellationToken)
        {
            Events.Enqueue(jobEvent);
            return ValueTask.CompletedTask;
        }
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task All_progress_arrives_in_order_before_the_result(string transport)
    {
        var sink = new RecordingSink();
        await using var gateway = await GatewayHost.StartAsync(services: s => s.AddSingleton<IJobEventSink>(sink));
        await using var server = transport == "http" ? await McpServers.StartTestServerHttpAsync("p") : null;
        await gateway.RegisterAsync(server is null ? McpServers.TestServerStdio("p", "p1") : McpServers.Http("p", "p1", server.Endpoint));

        var response = await gateway.Client.PostAsJsonAsync("/mcp/p/tools/call",
            new JsonObject { ["name"] = "progress", ["arguments"] = new JsonObject { ["steps"] = 20, ["delay_ms"] = 0 }, ["async"] = true });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!.GetValue<string>();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!sink.Events.Any(e => e.JobId == id && e.Type == JobEventTypes.Done) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        var events = sink.Events.Where(e => e.JobId == id).ToList();
        var progress = events.Where(e => e.Type == JobEventTypes.Progress).Select(e => e.Data["progress"]!.GetValue<double>()).ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (double)i), progress);
        Assert.True(events.FindIndex(e => e.Type == JobEventTypes.Result) > events.FindLastIndex(e => e.Type == JobEventTypes.Progress));
        Assert.Equal(JobEventTypes.Done, events[^1].Type);
    }
}
