using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace McpGateway.Tests.Functions.Isolated;

/// <summary>
/// The gateway's HTTP surface through the real Functions host and the isolated-worker app: the same authentication,
/// problem+json, <c>X-Response-Time</c>, REST and MCP front door as the standalone server, with real server-everything behind it.
/// </summary>
[Collection(IsolatedFunctionsCollection.Name)]
public sealed class IsolatedFunctionsAppTests(IsolatedFunctionsAppFixture app, ITestOutputHelper output)
{
    private static string NewTemplate() => "iso" + Guid.NewGuid().ToString("N")[..10];

    private async Task<(RunningServer Server, string Template)> RegisterEverythingAsync(HttpClient admin)
    {
        var server = await McpServers.StartEverythingHttpAsync();
        var template = NewTemplate();
        var register = await admin.PostAsJsonAsync("/gateway/register", McpServers.Http(template, template + "-1", server.Endpoint));
        Assert.True(register.StatusCode == HttpStatusCode.Created, $"{register.StatusCode}: {await register.Content.ReadAsStringAsync()}");
        return (server, template);
    }

    [FunctionsHostFact]
    public async Task Health_is_anonymous_and_carries_the_response_time()
    {
        output.WriteLine($"Functions host ready after {app.StartupTime.TotalSeconds:0.0} s");
        using var anonymous = app.CreateClient(apiKey: null);
        var response = await anonymous.GetAsync("/gateway/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("X-Response-Time"), string.Join(", ", response.Headers.Select(h => h.Key)));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        // healthy or degraded, depending on the instances other tests registered in the shared registry.
        Assert.Contains((string?)body!["status"], new[] { "healthy", "degraded" });
        Assert.NotNull(body["version"]);
    }

    [FunctionsHostFact]
    public async Task The_registry_without_a_key_is_a_401_problem()
    {
        using var anonymous = app.CreateClient(apiKey: null);
        var response = await anonymous.GetAsync("/gateway/registry");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(401, (int?)problem!["status"]);
        Assert.Equal("/gateway/registry", (string?)problem["instance"]);
        Assert.True(response.Headers.WwwAuthenticate.Count > 0);
    }

    [FunctionsHostFact]
    public async Task An_unknown_path_is_the_gateways_404_problem()
    {
        using var admin = app.CreateClient();
        var response = await admin.GetAsync("/no/such/path");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [FunctionsHostFact]
    public async Task A_rest_tool_call_reaches_a_registered_instance_through_the_host()
    {
        using var admin = app.CreateClient();
        var (server, template) = await RegisterEverythingAsync(admin);
        await using var _ = server;

        var call = await admin.PostAsJsonAsync($"/mcp/{template}/tools/call", new { name = "echo", arguments = new { message = "through the host" } });
        var body = await call.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal("Echo: through the host", (string?)body!["content"]![0]!["text"]);
        Assert.True(call.Headers.Contains("X-Response-Time"));
    }

    [FunctionsHostFact]
    public async Task The_sdk_client_initializes_lists_and_calls_tools_through_the_host()
    {
        using var admin = app.CreateClient();
        var (server, template) = await RegisterEverythingAsync(admin);
        await using var _ = server;

        await using var client = await ConnectAsync(template);
        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "echo");
        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "sdk via functions" });
        Assert.Equal("Echo: sdk via functions", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [FunctionsHostFact]
    public async Task Progress_notifications_stream_through_the_host_before_the_result()
    {
        using var admin = app.CreateClient();
        var (server, template) = await RegisterEverythingAsync(admin);
        await using var _ = server;

        await using var client = await ConnectAsync(template);
        var clock = Stopwatch.StartNew();
        var seen = new List<(double Progress, TimeSpan At)>();
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            if (notification.Params?["progress"] is JsonValue value && value.TryGetValue<double>(out var p))
            {
                lock (seen)
                {
                    seen.Add((p, clock.Elapsed));
                }
            }
            return ValueTask.CompletedTask;
        });
        // Four steps over two seconds: buffered by the host, every notification would arrive with the result.
        var result = await client.CallToolAsync("trigger-long-running-operation",
            new Dictionary<string, object?> { ["duration"] = 2, ["steps"] = 4 }, new Progress());
        var resultAt = clock.Elapsed;
        Assert.NotEmpty(result.Content);
        for (var i = 0; i < 250 && seen.Count < 4; i++)
        {
            await Task.Delay(20);
        }
        lock (seen)
        {
            output.WriteLine(string.Join(", ", seen.Select(s => $"{s.Progress}@{s.At.TotalMilliseconds:0}ms")) + $"; result@{resultAt.TotalMilliseconds:0}ms");
            Assert.Equal([1d, 2d, 3d, 4d], seen.Select(s => s.Progress).Order());
            Assert.True(seen.Min(s => s.At) < resultAt - TimeSpan.FromMilliseconds(800),
                $"the first progress arrived at {seen.Min(s => s.At).TotalMilliseconds:0} ms, the result at {resultAt.TotalMilliseconds:0} ms");
        }
    }

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

    private async Task<McpClient> ConnectAsync(string template)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(app.BaseAddress, $"/mcp/{template}"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["X-API-Key"] = GatewayHost.AdminKey },
        });
        return await McpClient.CreateAsync(transport);
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];

    private sealed class Progress : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value)
        {
        }
    }
}
