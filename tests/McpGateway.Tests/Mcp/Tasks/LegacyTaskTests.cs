using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Mcp.Tasks;

/// <summary>2025-11-25 tasks (the experimental core capability) over the gateway's durable jobs, against the real test server.</summary>
[Collection(TaskCollection.Name)]
public sealed class LegacyTaskTests(TaskGatewayFixture fixture)
{
    [Fact]
    public async Task Initialize_advertises_tasks_for_tools_call_and_tools_say_task_support_is_optional()
    {
        var client = new RawMcpClient(fixture.Alice, fixture.Url());
        var init = await client.InitializeAsync("2025-11-25");
        var tasks = init["result"]!["capabilities"]!["tasks"]!.AsObject();
        Assert.NotNull(tasks["list"]);
        Assert.NotNull(tasks["cancel"]);
        Assert.NotNull(tasks["requests"]!["tools"]!["call"]);
        var tools = (await client.SendAsync("tools/list")).Final["result"]!["tools"]!.AsArray();
        Assert.All(tools, t => Assert.Equal("optional", t!["execution"]!["taskSupport"]!.GetValue<string>()));

        // Tasks are not defined before 2025-11-25: neither advertised nor served there.
        var older = new RawMcpClient(fixture.Alice, fixture.Url());
        var olderInit = await older.InitializeAsync("2025-06-18");
        Assert.Null(olderInit["result"]!["capabilities"]!["tasks"]);
        Assert.Null((await older.SendAsync("tools/list")).Final["result"]!["tools"]![0]!["execution"]);
        Assert.Equal(-32601, (await older.SendAsync("tasks/get", TaskClient.Id("j_x"))).Final["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_task_completes_and_its_result_equals_a_direct_call()
    {
        var client = await TaskClient.SessionAsync(fixture.Alice, fixture.Url());
        var arguments = new JsonObject { ["a"] = 2, ["b"] = 3 };

        var created = await client.SendAsync("tools/call", TaskClient.Call("add", arguments, new JsonObject { ["ttl"] = 60000 }));
        var task = created.Final["result"]!["task"]!.AsObject();
        var taskId = task["taskId"]!.GetValue<string>();
        Assert.StartsWith("j_", taskId);
        Assert.Equal("working", task["status"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(task["createdAt"]!.GetValue<string>(), out _));
        Assert.NotNull(task["lastUpdatedAt"]);
        Assert.True(task.ContainsKey("ttl"));
        Assert.Null(task["ttl"]); // unlimited: jobs are kept
        Assert.Equal(100, task["pollInterval"]!.GetValue<int>());
        Assert.NotNull(created.Final["result"]!["_meta"]!["io.modelcontextprotocol/model-immediate-response"]);

        var done = await client.PollUntilTerminalAsync(taskId);
        Assert.Equal("completed", done["status"]!.GetValue<string>());

        var result = (await client.SendAsync("tasks/result", TaskClient.Id(taskId))).Final["result"]!.AsObject();
        Assert.Equal(taskId, result["_meta"]!["io.modelcontextprotocol/related-task"]!["taskId"]!.GetValue<string>());
        result.Remove("_meta");
        var direct = (await client.SendAsync("tools/call", TaskClient.Call("add", arguments))).Final["result"]!;
        Assert.Equal(direct.ToJsonString(), result.ToJsonString());
    }

    [Fact]
    public async Task Tasks_result_blocks_until_the_task_ends()
    {
        var client = await TaskClient.SessionAsync(fixture.Alice, fixture.Url());
        var task = await client.CreateAsync("slow", new JsonObject { ["ms"] = 1500 });
        Assert.Equal("working", task["status"]!.GetValue<string>());

        var reply = await client.SendAsync("tasks/result", TaskClient.Id(task["taskId"]!.GetValue<string>()));
        Assert.Equal("done", reply.Final["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("completed", (await client.GetAsync(task["taskId"]!.GetValue<string>()))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tool_error_result_is_a_failed_task_whose_result_is_that_result_and_a_json_rpc_error_is_passed_on()
    {
        var client = await TaskClient.SessionAsync(fixture.Alice, fixture.Url());

        var failing = await client.CreateAsync("fail");
        var failed = await client.PollUntilTerminalAsync(failing["taskId"]!.GetValue<string>());
        Assert.Equal("failed", failed["status"]!.GetValue<string>()); // 2025-11-25: isError makes the task failed
        var result = (await client.SendAsync("tasks/result", TaskClient.Id(failing["taskId"]!.GetValue<string>()))).Final["result"]!;
        Assert.True(result["isError"]!.GetValue<bool>());

        var arguments = new JsonObject { ["code"] = -32042, ["message"] = "nope on purpose" };
        var erroring = await client.CreateAsync("error", arguments);
        var errored = await client.PollUntilTerminalAsync(erroring["taskId"]!.GetValue<string>());
        Assert.Equal("failed", errored["status"]!.GetValue<string>());
        Assert.Equal("nope on purpose", errored["statusMessage"]!.GetValue<string>());
        var error = (await client.SendAsync("tasks/result", TaskClient.Id(erroring["taskId"]!.GetValue<string>()))).Final["error"]!;
        var direct = (await client.SendAsync("tools/call", TaskClient.Call("error", arguments))).Final["error"]!;
        Assert.Equal(direct.ToJsonString(), error.ToJsonString());
    }

    [Fact]
    public async Task Tasks_list_pages_through_the_callers_tasks_of_this_endpoint()
    {
        var client = await TaskClient.SessionAsync(fixture.Alice, fixture.Url());
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await client.CreateAsync("echo", new JsonObject { ["message"] = "m" + i }))["taskId"]!.GetValue<string>());
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var parameters = cursor is null ? new JsonObject() : new JsonObject { ["cursor"] = cursor };
            var page = (await client.SendAsync("tasks/list", parameters)).Final["result"]!;
            var tasks = page["tasks"]!.AsArray();
            Assert.True(tasks.Count <= 2);
            Assert.All(tasks, t => Assert.NotNull(t!["createdAt"]));
            seen.AddRange(tasks.Select(t => t!["taskId"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);
        Assert.True(pages >= 2);
        Assert.Subset(seen.ToHashSet(), created.ToHashSet());
        Assert.Equal(seen.Count, seen.Distinct().Count());

        // Newest first: the last created comes before the first.
        Assert.True(seen.IndexOf(created[2]) < seen.IndexOf(created[0]));

        // Another endpoint lists its own template's tasks only.
        var other = await TaskClient.SessionAsync(fixture.Alice, fixture.Url("other"));
        var otherList = (await other.SendAsync("tasks/list")).Final["result"]!["tasks"]!.AsArray();
        Assert.DoesNotContain(otherList, t => created.Contains(t!["taskId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Cancelling_a_slow_task_cancels_its_job_and_a_second_cancel_is_refused()
    {
        var client = await TaskClient.SessionAsync(fixture.Alice, fixture.Url());
        var taskId = (await client.CreateAsync("slow", new JsonObject { ["ms"] = 30000 }))["taskId"]!.GetValue<string>();
        await WaitForJobStatusAsync(taskId, "running");

        var cancelled = (await client.SendAsync("tasks/cancel", TaskClient.Id(taskId))).Final["result"]!;
        Assert.Equal(taskId, cancelled["taskId"]!.GetValue<string>());
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        Assert.Equal("cancelled", (await fixture.Gateway.Client.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{taskId}"))!["status"]!.GetValue<string>());
        Assert.Equal("cancelled", (await client.GetAsync(taskId))["status"]!.GetValue<string>());

        var again = (await client.SendAsync("tasks/cancel", TaskClient.Id(taskId))).Final["error"]!;
        Assert.Equal(-32602, again["code"]!.GetValue<int>());
        Assert.Contains("terminal status 'cancelled'", again["message"]!.GetValue<string>());

        var result = (await client.SendAsync("tasks/result", TaskClient.Id(taskId))).Final["error"]!;
        Assert.Equal(-32800, result["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_task_on_the_aggregate_endpoint_runs_on_its_template_and_is_not_found_on_another_template()
    {
        var client = await TaskClient.SessionAsync(fixture.Alice, fixture.Url(null));
        var taskId = (await client.CreateAsync("fix.echo", new JsonObject { ["message"] = "through /mcp" }))["taskId"]!.GetValue<string>();
        Assert.Equal("completed", (await client.PollUntilTerminalAsync(taskId))["status"]!.GetValue<string>());
        var result = (await client.SendAsync("tasks/result", TaskClient.Id(taskId))).Final["result"]!;
        Assert.Equal("through /mcp", result["content"]![0]!["text"]!.GetValue<string>());

        var onFix = await TaskClient.SessionAsync(fixture.Alice, fixture.Url("fix"));
        Assert.Equal("completed", (await onFix.GetAsync(taskId))["status"]!.GetValue<string>());
        var onOther = await TaskClient.SessionAsync(fixture.Alice, fixture.Url("other"));
        Assert.Equal(-32602, (await onOther.SendAsync("tasks/get", TaskClient.Id(taskId))).Final["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Status_notifications_reach_the_sessions_get_stream()
    {
        var client = await TaskClient.SessionAsync(fixture.Alice, fixture.Url());
        using var get = new HttpRequestMessage(HttpMethod.Get, client.Raw.Url);
        get.Headers.Accept.ParseAdd("text/event-stream");
        get.Headers.Add("Mcp-Session-Id", client.Raw.SessionId);
        using var stream = await fixture.Alice.SendAsync(get, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());

        var taskId = (await client.CreateAsync("slow", new JsonObject { ["ms"] = 200 }))["taskId"]!.GetValue<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal) || JsonNode.Parse(line[5..]) is not JsonObject message
                || message["method"]?.GetValue<string>() != "notifications/tasks/status")
            {
                continue;
            }
            Assert.Equal(taskId, message["params"]!["taskId"]!.GetValue<string>());
            Assert.Equal("completed", message["params"]!["status"]!.GetValue<string>());
            Assert.Null(message["params"]!["_meta"]);
            await client.Raw.DeleteAsync();
            return;
        }
        Assert.Fail("The GET stream ended without a task status notification.");
    }

    private async Task WaitForJobStatusAsync(string jobId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await fixture.Gateway.Client.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{jobId}"))!["status"]!.GetValue<string>() != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Job {jobId} never became {status}.");
            await Task.Delay(50);
        }
    }
}
