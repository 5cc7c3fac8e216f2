using ModelContextProtocol.Protocol;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol;

namespace McpGateway.Tests.Mcp;

/// <summary>Progress of server-everything's long-running tool arrives complete, in order, and before its result.</summary>
[Collection(McpFrontDoorCollection.Name)]
public sealed class ProgressOrderingTests(McpFrontDoorFixture fixture)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_progress_notification_precedes_the_result_on_the_wire(bool stateless)
    {
        using var http = new HttpClient();
        var client = new RawMcpClient(http, fixture.Url("everything"));
        var parameters = new JsonObject
        {
            ["name"] = "trigger-long-running-operation",
            ["arguments"] = new JsonObject { ["duration"] = 1, ["steps"] = 10 },
            ["_meta"] = new JsonObject { ["progressToken"] = "my-token" },
        };
        RawMcpClient.Reply reply;
        if (stateless)
        {
            reply = await client.SendStatelessAsync("tools/call", parameters);
        }
        else
        {
            await client.InitializeAsync();
            reply = await client.SendAsync("tools/call", parameters);
        }
        Assert.Equal("text/event-stream", reply.ContentType);
        var progress = reply.Messages.Where(m => (string?)m["method"] == "notifications/progress").ToList();
        Assert.Equal(reply.Messages.Count - 1, progress.Count);
        Assert.True(reply.Messages[^1].ContainsKey("result"), reply.Messages[^1].ToJsonString());
        Assert.Equal(10, progress.Count);
        Assert.All(progress, p => Assert.Equal("my-token", (string?)p["params"]!["progressToken"]));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (double)i), progress.Select(p => p["params"]!["progress"]!.GetValue<double>()));
    }

    [Fact]
    public async Task Sdk_client_receives_all_progress_for_a_call()
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(fixture.Url("everything")), TransportMode = HttpTransportMode.StreamableHttp });
        await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-11-25" });
        // Collected with a session-level handler: the SDK drops a per-call IProgress callback that its thread pool runs after
        // the call completed, which is the client SDK's own race, not the gateway's (the wire-order tests above show that
        // every notification is sent before the result).
        var seen = new List<double>();
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            if (notification.Params?["progress"] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<double>(out var p))
            {
                lock (seen)
                {
                    seen.Add(p);
                }
            }
            return ValueTask.CompletedTask;
        });
        var progress = new SyncProgress(_ => { });
        var result = await client.CallToolAsync("trigger-long-running-operation",
            new Dictionary<string, object?> { ["duration"] = 1, ["steps"] = 5 }, progress);
        Assert.NotEmpty(result.Content);
        for (var i = 0; i < 250 && seen.Count < 5; i++)
        {
            await Task.Delay(20);
        }
        lock (seen)
        {
            Assert.Equal([1d, 2d, 3d, 4d, 5d], seen.Order());
        }
    }

    private sealed class SyncProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}
