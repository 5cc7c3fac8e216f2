using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Jobs;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Jobs;

public sealed class PoisonTests
{
    [Fact]
    public async Task A_job_that_keeps_failing_to_reach_an_instance_is_poisoned_after_the_limit()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["McpGateway:Jobs:MaxDequeueCount"] = "3",
            ["McpGateway:Jobs:VisibilityTimeoutSeconds"] = "2",
            ["McpGateway:Jobs:PollIntervalMilliseconds"] = "100",
        });
        // An instance that refuses every connection: each delivery fails before reaching it.
        await gateway.RegisterAsync(McpServers.Http("down", "d1", $"http://127.0.0.1:{Ports.Free()}/mcp"));
        var response = await gateway.Client.PostAsJsonAsync("/mcp/down/tools/call", new JsonObject { ["name"] = "echo", ["async"] = true });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!.GetValue<string>();

        JsonObject job;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(200);
            job = (await gateway.Client.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{id}"))!;
        }
        while (job["status"]!.GetValue<string>() != "failed" && DateTime.UtcNow < deadline);

        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Contains("poison", job["error"]!["detail"]!.GetValue<string>());
        Assert.Equal(3, job["attempts"]!.GetValue<int>());
        // The job is marked failed first, then the runner moves its message: wait for the move.
        var queue = gateway.Get<IJobQueue>();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (await queue.CountAsync(poison: true) == 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }
        Assert.Equal(1, await queue.CountAsync(poison: true));
        Assert.Equal(0, await queue.CountAsync());
    }
}
