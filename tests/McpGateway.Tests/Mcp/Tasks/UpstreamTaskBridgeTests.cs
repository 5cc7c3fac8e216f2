using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Mcp.Tasks;

/// <summary>
/// A tool that server-everything runs only as a 2025-11-25 task (<c>taskSupport: "required"</c>), bridged by the gateway: jobs,
/// 2025-11-25 and 2026-07-28 tasks and synchronous calls get the upstream's result; cancelling cancels the upstream task.
/// </summary>
[Collection(UpstreamTaskCollection.Name)]
public sealed class UpstreamTaskBridgeTests(UpstreamTaskFixture fixture)
{
    private HttpClient Client => fixture.Gateway.Client;

    [Fact]
    public async Task An_async_rest_job_of_a_task_required_tool_completes_with_the_upstreams_result_and_its_status_messages_as_progress()
    {
        var id = await SubmitAsync("rest job");

        var job = await WaitForAsync(id, j => Status(j) is "succeeded" or "failed" or "cancelled" or "interrupted");
        Assert.Equal("succeeded", Status(job));
        Assert.Equal((await fixture.DirectResultAsync("rest job")).ToJsonString(), job["result"]!.ToJsonString());
        Assert.Equal("ev-1", job["instance_id"]!.GetValue<string>());
        Assert.Equal("Generating report...", job["progress"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_2025_11_25_client_sees_required_and_its_task_completes_with_the_upstreams_result()
    {
        var client = await TaskClient.SessionAsync(Client, fixture.Url);
        var tools = (await client.SendAsync("tools/list")).Final["result"]!["tools"]!.AsArray();
        string Support(string name) => tools.Single(t => t!["name"]!.GetValue<string>() == name)!["execution"]!["taskSupport"]!.GetValue<string>();
        Assert.Equal("required", Support(UpstreamTaskFixture.Tool));
        Assert.Equal("optional", Support("echo"));

        // As the spec says of a tool that requires a task: a call without one is -32601.
        var refused = await client.SendAsync("tools/call", TaskClient.Call(UpstreamTaskFixture.Tool, new JsonObject { ["topic"] = "legacy" }));
        Assert.Equal(-32601, refused.Final["error"]!["code"]!.GetValue<int>());

        var task = await client.CreateAsync(UpstreamTaskFixture.Tool, new JsonObject { ["topic"] = "legacy" });
        var taskId = task["taskId"]!.GetValue<string>();
        Assert.StartsWith("j_", taskId); // the gateway's own task over the upstream's
        Assert.Equal("completed", (await client.PollUntilTerminalAsync(taskId))["status"]!.GetValue<string>());

        var result = (await client.SendAsync("tasks/result", TaskClient.Id(taskId))).Final["result"]!.AsObject();
        Assert.Equal(taskId, result["_meta"]!["io.modelcontextprotocol/related-task"]!["taskId"]!.GetValue<string>());
        result.Remove("_meta");
        Assert.Equal((await fixture.DirectResultAsync("legacy")).ToJsonString(), result.ToJsonString());
    }

    [Fact]
    public async Task A_2026_07_28_client_gets_a_task_for_a_task_required_tool_with_the_upstreams_result()
    {
        await LearnToolsAsync();
        var client = TaskClient.Stateless2026(Client, fixture.Url);

        // Not asked with Prefer: respond-async; the tool runs only as a task, so the gateway makes it one.
        var created = (await client.SendAsync("tools/call", TaskClient.Call(UpstreamTaskFixture.Tool, new JsonObject { ["topic"] = "extension" }))).Final["result"]!;
        Assert.Equal("task", created["resultType"]!.GetValue<string>());
        var taskId = created["taskId"]!.GetValue<string>();

        var done = await client.PollUntilTerminalAsync(taskId);
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var result = done["result"]!.AsObject();
        result.Remove("_meta");
        result.Remove("resultType"); // the 2026-07-28 shape of a result; the rest is the upstream's
        Assert.Equal((await fixture.DirectResultAsync("extension")).ToJsonString(), result.ToJsonString());
    }

    [Fact]
    public async Task Cancelling_the_job_cancels_the_upstream_task()
    {
        var id = await SubmitAsync("cancel me");
        await WaitForAsync(id, j => Status(j) == "running" && j["progress"]?["message"] is not null);
        var working = (await fixture.UpstreamTasksAsync()).Where(t => t!["status"]!.GetValue<string>() == "working")
            .Select(t => t!["taskId"]!.GetValue<string>()).ToList();
        var upstreamTask = Assert.Single(working); // tests of this collection run one at a time

        Assert.Equal(HttpStatusCode.OK, (await Client.DeleteAsync($"/gateway/jobs/{id}")).StatusCode);

        var job = await WaitForAsync(id, j => Status(j) != "running");
        Assert.Equal("cancelled", Status(job));
        Assert.Null(job["result"]);
        // The upstream's own view of the gateway's session: the task of this job is cancelled (tasks/cancel reached it).
        await WaitUntilAsync(async () => (await fixture.UpstreamTasksAsync())
            .Any(t => t!["taskId"]!.GetValue<string>() == upstreamTask && t["status"]!.GetValue<string>() == "cancelled"), "the upstream task is cancelled");
    }

    [Fact]
    public async Task A_synchronous_rest_call_of_a_task_required_tool_waits_for_the_upstream_task()
    {
        var response = await Client.PostAsJsonAsync($"/mcp/{UpstreamTaskFixture.Template}/tools/call",
            new JsonObject { ["name"] = UpstreamTaskFixture.Tool, ["arguments"] = new JsonObject { ["topic"] = "sync" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((await fixture.DirectResultAsync("sync")).ToJsonString(), body.ToJsonString());
    }

    [Fact]
    public async Task A_plain_tool_still_runs_without_a_task()
    {
        await LearnToolsAsync();
        var before = (await fixture.UpstreamTasksAsync()).Count;

        var response = await Client.PostAsJsonAsync($"/mcp/{UpstreamTaskFixture.Template}/tools/call",
            new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "plain" } });
        Assert.Equal("Echo: plain", UpstreamTaskFixture.Text((await response.Content.ReadFromJsonAsync<JsonObject>())!));
        var id = await SubmitAsync(tool: "echo", arguments: new JsonObject { ["message"] = "job" });
        var job = await WaitForAsync(id, j => Status(j) == "succeeded");
        Assert.Equal("Echo: job", UpstreamTaskFixture.Text(job["result"]!));

        Assert.Equal(before, (await fixture.UpstreamTasksAsync()).Count);
    }

    private async Task LearnToolsAsync()
        => Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/mcp/{UpstreamTaskFixture.Template}/tools/list")).StatusCode);

    private async Task<string> SubmitAsync(string topic = "", string tool = UpstreamTaskFixture.Tool, JsonObject? arguments = null)
    {
        var response = await Client.PostAsJsonAsync($"/mcp/{UpstreamTaskFixture.Template}/tools/call",
            new JsonObject { ["name"] = tool, ["arguments"] = arguments ?? new JsonObject { ["topic"] = topic }, ["async"] = true });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!.GetValue<string>();
    }

    private async Task<JsonObject> WaitForAsync(string id, Func<JsonObject, bool> condition)
    {
        JsonObject job = new();
        await WaitUntilAsync(async () => condition(job = (await Client.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{id}"))!), $"job {id} reaches the state");
        return job;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }
            await Task.Delay(50);
        }
    }

    private static string Status(JsonObject job) => job["status"]!.GetValue<string>();
}
