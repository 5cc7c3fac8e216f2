using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Tests.Mcp.Tasks;

/// <summary>Who may see a task (its job's owner, within the key's tool scope), jobs from REST as tasks, and bad parameters.</summary>
[Collection(TaskCollection.Name)]
public sealed class TaskAccessTests(TaskGatewayFixture fixture)
{
    [Fact]
    public async Task Another_principal_gets_the_unknown_task_error_for_every_method_and_the_task_is_untouched()
    {
        var alice = await TaskClient.SessionAsync(fixture.Alice, fixture.Url());
        var taskId = (await alice.CreateAsync("slow", new JsonObject { ["ms"] = 1000 }))["taskId"]!.GetValue<string>();
        var bob = await TaskClient.SessionAsync(fixture.Bob, fixture.Url());
        var bob2026 = TaskClient.Stateless2026(fixture.Bob, fixture.Url());

        var unknown = (await bob.SendAsync("tasks/get", TaskClient.Id("j_" + Guid.NewGuid().ToString("N")))).Final["error"]!.ToJsonString();
        Assert.Contains("-32602", unknown);
        foreach (var method in new[] { "tasks/get", "tasks/result", "tasks/cancel" })
        {
            Assert.Equal(unknown, (await bob.SendAsync(method, TaskClient.Id(taskId))).Final["error"]!.ToJsonString());
        }
        foreach (var method in new[] { "tasks/get", "tasks/cancel" })
        {
            Assert.Equal(unknown, (await bob2026.SendAsync(method, TaskClient.Id(taskId))).Final["error"]!.ToJsonString());
        }
        Assert.Equal(unknown, (await bob2026.SendAsync("tasks/update", new JsonObject { ["taskId"] = taskId, ["inputResponses"] = new JsonObject() })).Final["error"]!.ToJsonString());
        var listed = (await bob.SendAsync("tasks/list")).Final["result"]!["tasks"]!.AsArray();
        Assert.DoesNotContain(listed, t => t!["taskId"]!.GetValue<string>() == taskId);

        // A narrower key of the owner does not see a task whose tool it may not call.
        var echoOnly = await TaskClient.SessionAsync(fixture.AliceEchoOnly, fixture.Url());
        Assert.Equal(unknown, (await echoOnly.SendAsync("tasks/get", TaskClient.Id(taskId))).Final["error"]!.ToJsonString());

        Assert.Equal("completed", (await alice.PollUntilTerminalAsync(taskId))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_job_submitted_over_rest_is_a_task_of_its_owner()
    {
        var response = await fixture.Alice.PostAsJsonAsync("/mcp/fix/tools/call",
            new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "from rest" }, ["async"] = true });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!.GetValue<string>();

        var alice = await TaskClient.SessionAsync(fixture.Alice, fixture.Url());
        var result = (await alice.SendAsync("tasks/result", TaskClient.Id(jobId))).Final["result"]!;
        Assert.Equal("from rest", result["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("completed", (await alice.GetAsync(jobId))["status"]!.GetValue<string>());
        Assert.Contains((await alice.SendAsync("tasks/list")).Final["result"]!["tasks"]!.AsArray(), t => t!["taskId"]!.GetValue<string>() == jobId);

        var bob = await TaskClient.SessionAsync(fixture.Bob, fixture.Url());
        Assert.Equal(-32602, (await bob.SendAsync("tasks/get", TaskClient.Id(jobId))).Final["error"]!["code"]!.GetValue<int>());
    }

    public static TheoryData<string, string, string> BadParams => new()
    {
        { "tasks/get", "{}", "'taskId'" },
        { "tasks/get", """{"taskId":42}""", "'taskId'" },
        { "tasks/get", """{"taskId":""}""", "'taskId'" },
        { "tasks/get", """{"taskId":"j_no_such_task"}""", "Task not found" },
        { "tasks/get", """{"taskId":"bad/id#?"}""", "Task not found" },
        { "tasks/result", """{"taskId":null}""", "'taskId'" },
        { "tasks/cancel", """{"taskId":[]}""", "'taskId'" },
        { "tasks/list", """{"cursor":5}""", "'cursor'" },
        { "tasks/list", """{"cursor":"not-a-cursor"}""", "'cursor'" },
        { "tools/call", """{"name":"echo","arguments":{"message":"x"},"task":"soon"}""", "'task'" },
        { "tools/call", """{"name":"echo","arguments":{"message":"x"},"task":{"ttl":-1}}""", "'task.ttl'" },
        { "tools/call", """{"name":"echo","arguments":{"message":"x"},"task":{"ttl":"long"}}""", "'task.ttl'" },
        { "tools/call", """{"arguments":{},"task":{}}""", "'name'" },
        { "tools/call", """{"name":"echo","arguments":[1],"task":{}}""", "'arguments'" },
    };

    [Theory]
    [MemberData(nameof(BadParams))]
    public async Task Bad_params_are_invalid_params_with_a_clear_message(string method, string parameters, string mentions)
    {
        var client = await TaskClient.SessionAsync(fixture.Alice, fixture.Url());
        var reply = await client.SendAsync(method, JsonNode.Parse(parameters)!.AsObject());
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var error = reply.Final["error"]!;
        Assert.Equal(-32602, error["code"]!.GetValue<int>());
        Assert.Contains(mentions, error["message"]!.GetValue<string>());
    }
}
