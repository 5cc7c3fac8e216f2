using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Jobs;

/// <summary>Fan-out: 100 calls over 3 real instances; one bad item never fails the others.</summary>
public sealed class BatchTests : IAsyncLifetime
{
    private readonly List<RunningServer> _servers = [];
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["McpGateway:Jobs:MaxConcurrentJobs"] = "16",
            ["McpGateway:Jobs:PollIntervalMilliseconds"] = "100",
        });
        for (var i = 1; i <= 3; i++)
        {
            var server = await McpServers.StartTestServerHttpAsync($"b{i}");
            _servers.Add(server);
            await _gateway.RegisterAsync(McpServers.Http("fan", $"b{i}", server.Endpoint));
        }
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_batch_of_100_completes_with_per_item_results_and_one_failure_isolated()
    {
        var calls = new JsonArray();
        for (var i = 0; i < 100; i++)
        {
            calls.Add(i == 42
                ? new JsonObject { ["name"] = "error", ["arguments"] = new JsonObject { ["code"] = -32001, ["message"] = "item 42 fails" } }
                : new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = $"item {i}" } });
        }
        var response = await _gateway.Client.PostAsJsonAsync("/mcp/fan/tools/batch", new JsonObject { ["calls"] = calls, ["max_parallel"] = 10 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var batchId = accepted["batch_id"]!.GetValue<string>();
        Assert.Equal(100, accepted["job_ids"]!.AsArray().Count);

        JsonObject batch;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        do
        {
            await Task.Delay(200);
            batch = (await _gateway.Client.GetFromJsonAsync<JsonObject>($"/gateway/batches/{batchId}"))!;
        }
        while (!batch["done"]!.GetValue<bool>() && DateTime.UtcNow < deadline);

        Assert.True(batch["done"]!.GetValue<bool>(), batch.ToJsonString());
        var failures = string.Join("\n", batch["items"]!.AsArray().Where(i => i!["status"]!.GetValue<string>() != "succeeded").Select(i => i!.ToJsonString()));
        Assert.True(99 == batch["counts"]!["succeeded"]!.GetValue<int>(), failures);
        Assert.Equal(1, batch["counts"]!["failed"]!.GetValue<int>());
        var items = batch["items"]!.AsArray();
        var failed = Assert.Single(items, i => i!["status"]!.GetValue<string>() == "failed")!;
        Assert.Equal("item 42 fails", failed["error"]!["detail"]!.GetValue<string>());
        foreach (var item in items.Where(i => i!["status"]!.GetValue<string>() == "succeeded"))
        {
            var message = item!["arguments"]!["message"]!.GetValue<string>();
            Assert.Equal(message, item["result"]!["content"]![0]!["text"]!.GetValue<string>());
        }
        // The calls were spread over the three instances.
        var servedBy = items.Select(i => i!["instance_id"]?.GetValue<string>()).Where(i => i is not null).Distinct().ToList();
        Assert.Equal(3, servedBy.Count);
    }

    [Fact]
    public async Task Bad_batches_are_400()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _gateway.Client.PostAsJsonAsync("/mcp/fan/tools/batch", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _gateway.Client.PostAsJsonAsync("/mcp/fan/tools/batch", new { calls = Array.Empty<object>() })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _gateway.Client.PostAsJsonAsync("/mcp/fan/tools/batch", new { calls = new[] { new { arguments = new { } } } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _gateway.Client.GetAsync("/gateway/batches/b_nope")).StatusCode);
    }
}
