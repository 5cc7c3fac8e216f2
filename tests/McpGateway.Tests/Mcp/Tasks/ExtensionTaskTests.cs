using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;

namespace McpGateway.Tests.Mcp.Tasks;

/// <summary>2026-07-28 tasks: the <c>io.modelcontextprotocol/tasks</c> extension (SEP-2663) over the gateway's durable jobs.</summary>
[Collection(TaskCollection.Name)]
public sealed class ExtensionTaskTests(TaskGatewayFixture fixture)
{
    [Fact]
    public async Task Discover_declares_the_extension_and_not_the_legacy_capability()
    {
        var client = TaskClient.Stateless2026(fixture.Alice, fixture.Url());
        var capabilities = (await client.SendAsync("server/discover")).Final["result"]!["capabilities"]!;
        Assert.NotNull(capabilities["extensions"]!["io.modelcontextprotocol/tasks"]);
        Assert.Null(capabilities["tasks"]);
    }

    [Fact]
    public async Task A_task_completes_with_the_result_a_direct_call_gives()
    {
        var client = TaskClient.Stateless2026(fixture.Alice, fixture.Url());
        var arguments = new JsonObject { ["a"] = 4, ["b"] = 5 };

        var created = (await client.SendAsync("tools/call", TaskClient.Call("add", arguments), preferAsync: true)).Final["result"]!.AsObject();
        Assert.Equal("task", created["resultType"]!.GetValue<string>());
        Assert.Equal("working", created["status"]!.GetValue<string>());
        Assert.True(created.ContainsKey("ttlMs"));
        Assert.Equal(100, created["pollIntervalMs"]!.GetValue<int>());
        var taskId = created["taskId"]!.GetValue<string>();

        var done = await client.PollUntilTerminalAsync(taskId);
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("complete", done["resultType"]!.GetValue<string>());
        var direct = (await client.SendAsync("tools/call", TaskClient.Call("add", arguments))).Final["result"]!;
        Assert.Equal("complete", direct["resultType"]!.GetValue<string>()); // without Prefer the gateway answers directly
        Assert.Equal(direct.ToJsonString(), done["result"]!.ToJsonString());
    }

    [Fact]
    public async Task No_task_for_a_client_that_does_not_declare_the_extension_and_its_task_requests_are_refused()
    {
        var client = TaskClient.Stateless2026(fixture.Alice, fixture.Url(), declaresExtension: false);
        var direct = (await client.SendAsync("tools/call", TaskClient.Call("echo", new JsonObject { ["message"] = "hi" }), preferAsync: true)).Final["result"]!;
        Assert.Equal("complete", direct["resultType"]!.GetValue<string>());
        Assert.Equal("hi", direct["content"]![0]!["text"]!.GetValue<string>());

        var get = await client.SendAsync("tasks/get", TaskClient.Id("j_unknown"));
        Assert.Equal(HttpStatusCode.BadRequest, get.Status);
        Assert.Equal(-32021, get.Final["error"]!["code"]!.GetValue<int>());
        Assert.NotNull(get.Final["error"]!["data"]!["requiredCapabilities"]!["extensions"]!["io.modelcontextprotocol/tasks"]);
    }

    [Fact]
    public async Task Tasks_result_and_tasks_list_do_not_exist_in_the_extension()
    {
        var client = TaskClient.Stateless2026(fixture.Alice, fixture.Url());
        foreach (var method in new[] { "tasks/result", "tasks/list" })
        {
            var reply = await client.SendAsync(method, method == "tasks/result" ? TaskClient.Id("j_x") : new JsonObject());
            Assert.Equal(HttpStatusCode.NotFound, reply.Status);
            Assert.Equal(-32601, reply.Final["error"]!["code"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task Cancel_acknowledges_and_the_job_is_cancelled()
    {
        var client = TaskClient.Stateless2026(fixture.Alice, fixture.Url());
        var taskId = (await client.CreateAsync("slow", new JsonObject { ["ms"] = 30000 }))["taskId"]!.GetValue<string>();

        var ack = (await client.SendAsync("tasks/cancel", TaskClient.Id(taskId))).Final["result"]!.AsObject();
        Assert.Equal("complete", ack["resultType"]!.GetValue<string>());
        Assert.DoesNotContain(ack, p => p.Key is "status" or "taskId");
        Assert.Equal("cancelled", (await client.GetAsync(taskId))["status"]!.GetValue<string>());
        Assert.Equal("cancelled", (await fixture.Gateway.Client.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{taskId}"))!["status"]!.GetValue<string>());

        // Cancelling what already ended is acknowledged too (cooperative cancellation), and changes nothing.
        Assert.NotNull((await client.SendAsync("tasks/cancel", TaskClient.Id(taskId))).Final["result"]);
    }

    [Fact]
    public async Task Update_is_acknowledged_and_needs_input_responses()
    {
        var client = TaskClient.Stateless2026(fixture.Alice, fixture.Url());
        var taskId = (await client.CreateAsync("echo", new JsonObject { ["message"] = "x" }))["taskId"]!.GetValue<string>();
        var ack = await client.SendAsync("tasks/update", new JsonObject { ["taskId"] = taskId, ["inputResponses"] = new JsonObject() });
        Assert.Equal("complete", ack.Final["result"]!["resultType"]!.GetValue<string>());

        var bad = await client.SendAsync("tasks/update", TaskClient.Id(taskId));
        Assert.Equal(-32602, bad.Final["error"]!["code"]!.GetValue<int>());
        Assert.Contains("inputResponses", bad.Final["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Failed_carries_the_json_rpc_error_and_a_tool_error_result_is_completed()
    {
        var client = TaskClient.Stateless2026(fixture.Alice, fixture.Url());
        var erroring = (await client.CreateAsync("error", new JsonObject { ["code"] = -32042, ["message"] = "nope" }))["taskId"]!.GetValue<string>();
        var failed = await client.PollUntilTerminalAsync(erroring);
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Equal(-32042, failed["error"]!["code"]!.GetValue<int>());
        Assert.Equal("nope", failed["error"]!["message"]!.GetValue<string>());

        var failing = (await client.CreateAsync("fail"))["taskId"]!.GetValue<string>();
        var completed = await client.PollUntilTerminalAsync(failing);
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.True(completed["result"]!["isError"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_mcp_name_header_must_carry_the_task_id()
    {
        var client = TaskClient.Stateless2026(fixture.Alice, fixture.Url());
        var taskId = (await client.CreateAsync("echo", new JsonObject { ["message"] = "x" }))["taskId"]!.GetValue<string>();
        var reply = await client.SendAsync("tasks/get", TaskClient.Id(taskId), mcpName: "something-else");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(-32020, reply.Final["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_task_created_by_a_2025_session_is_the_same_task_for_a_2026_client()
    {
        var legacy = await TaskClient.SessionAsync(fixture.Alice, fixture.Url());
        var taskId = (await legacy.CreateAsync("echo", new JsonObject { ["message"] = "both" }))["taskId"]!.GetValue<string>();
        var modern = TaskClient.Stateless2026(fixture.Alice, fixture.Url());
        var done = await modern.PollUntilTerminalAsync(taskId);
        Assert.Equal("both", done["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }
}
