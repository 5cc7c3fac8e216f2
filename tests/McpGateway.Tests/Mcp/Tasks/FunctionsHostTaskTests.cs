using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Functions.Isolated;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Mcp.Tasks;

/// <summary>
/// Tasks through the isolated Functions app under the real host: the same front door, so the same capability and the same
/// durable job behind a task id. (Whether the job then runs is the Functions app's job engine's business, tested there.)
/// </summary>
[Collection(IsolatedFunctionsCollection.Name)]
public sealed class FunctionsHostTaskTests(IsolatedFunctionsAppFixture app)
{
    [FunctionsHostFact]
    public async Task A_task_created_through_the_host_is_a_stored_job_that_tasks_get_and_tasks_list_find()
    {
        using var admin = app.CreateClient();
        await using var server = await McpServers.StartEverythingHttpAsync();
        var template = "isotask" + Guid.NewGuid().ToString("N")[..8];
        var register = await admin.PostAsJsonAsync("/gateway/register", McpServers.Http(template, template + "-1", server.Endpoint));
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        var client = await TaskClient.SessionAsync(admin, new Uri(app.BaseAddress, "/mcp/" + template).ToString());
        var task = await client.CreateAsync("echo", new JsonObject { ["message"] = "durable" });
        var taskId = task["taskId"]!.GetValue<string>();
        Assert.Equal("working", task["status"]!.GetValue<string>());

        var got = await client.GetAsync(taskId);
        Assert.Equal(taskId, got["taskId"]!.GetValue<string>());
        Assert.Contains((await client.SendAsync("tasks/list")).Final["result"]!["tasks"]!.AsArray(), t => t!["taskId"]!.GetValue<string>() == taskId);
        Assert.Equal(taskId, (await admin.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{taskId}"))!["job_id"]!.GetValue<string>());
    }
}
