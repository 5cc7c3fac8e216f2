using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Security;

/// <summary>Jobs belong to their caller: other users get 404 (as if absent) and see none in listings; admins see all.</summary>
public sealed class JobAccessTests
{
    [Fact]
    public async Task Other_users_jobs_are_invisible_to_a_user_and_visible_to_an_admin()
    {
        await using var gateway = await GatewayHost.StartAsync();
        await gateway.RegisterAsync(McpServers.Http("down", "d1", $"http://127.0.0.1:{Ports.Free()}/mcp"));
        await gateway.CreateUserAsync("ivy");
        await gateway.CreateUserAsync("jon");
        using var ivy = gateway.CreateBearerClient(await gateway.LoginAsync("ivy"));
        using var jon = gateway.CreateBearerClient(await gateway.LoginAsync("jon"));

        var submitted = await ivy.PostAsJsonAsync("/mcp/down/tools/call", new JsonObject { ["name"] = "echo", ["async"] = true });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await ivy.GetAsync($"/gateway/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await jon.GetAsync($"/gateway/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await jon.DeleteAsync($"/gateway/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await jon.GetAsync($"/gateway/jobs/{id}/events")).StatusCode);
        Assert.Empty((await jon.GetFromJsonAsync<JsonObject>("/gateway/jobs"))!["jobs"]!.AsArray());
        Assert.Single((await ivy.GetFromJsonAsync<JsonObject>("/gateway/jobs"))!["jobs"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync($"/gateway/jobs/{id}")).StatusCode);
        Assert.Contains((await gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/jobs"))!["jobs"]!.AsArray(),
            j => j!["job_id"]?.GetValue<string>() == id || j!["id"]?.GetValue<string>() == id);
    }
}
