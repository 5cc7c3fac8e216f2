using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace McpGateway.Tests.Functions.Isolated;

/// <summary>
/// What only the isolated-worker app under the real Functions host does: the health sweep timer and job events over SSE without
/// SignalR. Authentication, problem+json, <c>X-Response-Time</c>, rate limits, REST and the MCP front door are the contract suite's
/// (<see cref="Contract.FunctionsHostContract"/>, the same assertions as against the standalone server).
/// </summary>
[Collection(IsolatedFunctionsCollection.Name)]
public sealed class IsolatedFunctionsAppTests(IsolatedFunctionsAppFixture app, ITestOutputHelper output)
{
    private static string NewTemplate() => "iso" + Guid.NewGuid().ToString("N")[..10];

    [FunctionsHostFact]
    public async Task The_health_sweep_timer_marks_a_dead_instance_unhealthy_in_table_storage()
    {
        using var admin = app.CreateClient();
        var template = NewTemplate();
        var deadPort = Ports.Free();
        var register = await admin.PostAsJsonAsync("/gateway/register", McpServers.Http(template, template + "-dead", $"http://127.0.0.1:{deadPort}/mcp"));
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        // No request touches the instance: only the HealthSweep timer (every 2 s here) probes it, and the registry it reports
        // is read back from Table Storage.
        string? status = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (DateTime.UtcNow < deadline)
        {
            var registry = await admin.GetFromJsonAsync<JsonObject>("/gateway/registry");
            status = FindInstanceStatus(registry!, template + "-dead");
            if (status == "unhealthy")
            {
                break;
            }
            await Task.Delay(500);
        }
        Assert.True(status == "unhealthy", $"status {status ?? "(none)"}; host output:\n{Tail(app.HostOutput)}");
        Assert.Contains("Executed 'Functions.HealthSweep' (Succeeded", app.HostOutput);
    }

    [FunctionsHostFact]
    public async Task An_async_jobs_events_stream_over_sse_through_the_host_without_signalr()
    {
        // No SignalR Service connection in this app: the in-process event hub feeds /gateway/jobs/{id}/events, and the job runs
        // in the worker process that serves the stream.
        using var admin = app.CreateClient();
        await using var server = await McpServers.StartTestServerHttpAsync("isojobs");
        var template = NewTemplate();
        var register = await admin.PostAsJsonAsync("/gateway/register", McpServers.Http(template, template + "-1", server.Endpoint));
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        var submit = await admin.PostAsJsonAsync($"/mcp/{template}/tools/call",
            new { name = "progress", arguments = new { steps = 4, delay_ms = 250 }, @async = true });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var id = (await submit.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!.GetValue<string>();

        using var events = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/gateway/jobs/{id}/events"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        var stream = await Jobs.SseReader.ReadAllAsync(await events.Content.ReadAsStreamAsync(), until: "done", TimeSpan.FromSeconds(60));

        output.WriteLine(string.Join(", ", stream.Select(e => e.Type)));
        var progress = stream.Where(e => e.Type == "progress").Select(e => e.Data["progress"]!.GetValue<double>()).ToList();
        Assert.NotEmpty(progress);
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(4, progress[^1]);
        var resultIndex = stream.FindIndex(e => e.Type == "result");
        Assert.True(resultIndex > stream.FindLastIndex(e => e.Type == "progress"), "every progress event precedes the result");
        Assert.Equal("completed 4 steps", (string?)stream[resultIndex].Data["result"]!["content"]![0]!["text"]);
        Assert.Equal("done", stream[^1].Type);
        Assert.Equal("succeeded", (string?)stream[^1].Data["status"]);

        // Unauthenticated, the stream is closed like every other job endpoint.
        using var anonymous = app.CreateClient(apiKey: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/gateway/jobs/{id}/events")).StatusCode);
    }

    private static string? FindInstanceStatus(JsonNode node, string id)
    {
        switch (node)
        {
            case JsonObject obj:
                if ((obj["id"] as JsonValue)?.ToString() == id && obj["health"]?["status"] is JsonValue status)
                {
                    return status.ToString();
                }
                foreach (var (_, child) in obj)
                {
                    if (child is not null && FindInstanceStatus(child, id) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null && FindInstanceStatus(child, id) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];
}
