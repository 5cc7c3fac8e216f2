using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Health;
using McpGateway.Tests.Infrastructure;
using McpGateway.Upstreams;

namespace McpGateway.Tests.Upstreams;

/// <summary>
/// An HTTP upstream that restarted no longer knows the gateway's session: it answers 404 (the spec, our test server) or 400
/// "No valid session ID provided" (server-everything). The gateway opens a new session and repeats what is safe to repeat;
/// the health probe goes through the same session, so it sees and heals what callers would see.
/// </summary>
public sealed class UpstreamSessionLossTests : IAsyncLifetime
{
    private GatewayHost _gateway = null!;
    private RunningServer? _server;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
    {
        // The tests drive the probes themselves.
        ["McpGateway:EnableBackgroundHealthChecks"] = "false",
        ["McpGateway:HealthTimeoutSeconds"] = "10",
    });

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task StartEverythingAsync(int port)
    {
        var process = ChildProcess.Start(Peers.Node, [Peers.ServerEverything, "streamableHttp"], new Dictionary<string, string> { ["PORT"] = port.ToString() });
        _server = await RunningServer.WaitAsync(process, port, "/mcp");
    }

    private async Task StartTestServerAsync(int port)
    {
        var process = ChildProcess.Start("dotnet", [McpServers.TestServerDll, "--http", "--port", port.ToString(), "--id", "counter"]);
        _server = await RunningServer.WaitAsync(process, port, "/mcp");
    }

    /// <summary>Kills the server process and starts a new one on the same port: every session it had is gone.</summary>
    private async Task RestartAsync(Func<int, Task> start)
    {
        var port = _server!.Port;
        await _server.DisposeAsync();
        _server = null;
        await start(port);
    }

    private IUpstream Connection(string template, string id)
        => _gateway.Get<UpstreamConnections>().Get(_gateway.Get<McpGateway.Registry.GatewayRegistry>().Get(template).Find(id)!.Definition);

    private async Task<JsonNode> InstanceHealthAsync(string template, string id)
        => (await _gateway.Client.GetFromJsonAsync<JsonObject>($"/mcp/{template}/health"))!["instances"]![id]!;

    /// <summary>The test server pinned to a 2025 revision, which has sessions (unpinned, it negotiates the stateless 2026 one).</summary>
    private JsonObject CounterRegistration()
    {
        var registration = McpServers.Http("counter", "c1", _server!.Endpoint);
        registration["protocol_version"] = "2025-11-25";
        return registration;
    }

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    private static string Text(JsonObject result) => result["content"]![0]!["text"]!.GetValue<string>();

    private static async Task<string> OkTextAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return Text(JsonNode.Parse(body)!.AsObject());
    }

    [Fact]
    public async Task After_server_everything_restarts_lists_and_read_only_tools_work_at_once()
    {
        await StartEverythingAsync(Ports.Free());
        await _gateway.RegisterAsync(McpServers.Http("every", "e1", _server!.Endpoint));
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Client.GetAsync("/mcp/every/tools/list")).StatusCode); // learns: echo is readOnlyHint
        Assert.Contains("before", await OkTextAsync(await _gateway.CallToolAsync("every", "echo", new JsonObject { ["message"] = "before" })));
        var connection = Connection("every", "e1");
        Assert.Equal(0, connection.Restarts);

        await RestartAsync(StartEverythingAsync);
        Assert.Contains("after", await OkTextAsync(await _gateway.CallToolAsync("every", "echo", new JsonObject { ["message"] = "after" })));
        Assert.Equal(1, connection.Restarts);

        await RestartAsync(StartEverythingAsync);
        var list = await _gateway.Client.GetAsync("/mcp/every/tools/list");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(2, connection.Restarts);

        var health = await InstanceHealthAsync("every", "e1");
        Assert.Equal("healthy", health["status"]!.GetValue<string>());
        Assert.Equal(0, health["consecutive_failures"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_health_probe_finds_a_lost_session_and_heals_it_before_any_call()
    {
        await StartEverythingAsync(Ports.Free());
        await _gateway.RegisterAsync(McpServers.Http("every", "e1", _server!.Endpoint));
        var sweep = _gateway.Get<HealthSweep>();
        await sweep.RunAsync(force: true, CancellationToken.None);
        Assert.Equal("healthy", (await InstanceHealthAsync("every", "e1"))["status"]!.GetValue<string>());
        var connection = Connection("every", "e1");
        Assert.True(connection.IsConnected);

        await RestartAsync(StartEverythingAsync);
        await sweep.RunAsync(force: true, CancellationToken.None);

        // The probe used the session live calls use: it met the lost session and opened a new one.
        Assert.Equal(1, connection.Restarts);
        var health = await InstanceHealthAsync("every", "e1");
        Assert.Equal("healthy", health["status"]!.GetValue<string>());
        Assert.Null(health["last_error"]);
        // So the first call after the restart goes straight through, on the session the probe opened.
        Assert.Contains("healed", await OkTextAsync(await _gateway.CallToolAsync("every", "echo", new JsonObject { ["message"] = "healed" })));
        Assert.Equal(1, connection.Restarts);
    }

    [Fact]
    public async Task A_non_idempotent_call_over_a_lost_session_is_not_repeated_and_runs_nowhere()
    {
        await StartTestServerAsync(Ports.Free());
        await _gateway.RegisterAsync(CounterRegistration());
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Client.GetAsync("/mcp/counter/tools/list")).StatusCode); // learns: increment is not annotated
        Assert.Equal("1", await OkTextAsync(await _gateway.CallToolAsync("counter", "increment")));

        await RestartAsync(StartTestServerAsync); // the counter starts again at 0; the old session is unknown (404)

        var rejected = await _gateway.CallToolAsync("counter", "increment");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rejected.StatusCode);
        var problem = await JsonAsync(rejected);
        Assert.EndsWith("upstream-sessionlost", problem["type"]!.GetValue<string>());
        Assert.False(problem["may_have_executed"]!.GetValue<bool>());
        Assert.Contains("not repeated", problem["detail"]!.GetValue<string>());

        // It ran on neither session; the new session is already open, so the next calls go straight through.
        Assert.Equal("0", await OkTextAsync(await _gateway.CallToolAsync("counter", "get_count")));
        Assert.Equal("1", await OkTextAsync(await _gateway.CallToolAsync("counter", "increment")));
        Assert.Equal(1, Connection("counter", "c1").Restarts);
    }

    [Fact]
    public async Task An_idempotent_call_over_a_lost_session_is_repeated_once_on_the_new_session()
    {
        await StartTestServerAsync(Ports.Free());
        await _gateway.RegisterAsync(CounterRegistration());
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Client.GetAsync("/mcp/counter/tools/list")).StatusCode); // idempotent_set: idempotentHint
        Assert.Equal("5", await OkTextAsync(await _gateway.CallToolAsync("counter", "idempotent_set", new JsonObject { ["value"] = 5 })));

        await RestartAsync(StartTestServerAsync);

        Assert.Equal("7", await OkTextAsync(await _gateway.CallToolAsync("counter", "idempotent_set", new JsonObject { ["value"] = 7 })));
        Assert.Equal("7", await OkTextAsync(await _gateway.CallToolAsync("counter", "get_count")));
        Assert.Equal(1, Connection("counter", "c1").Restarts);
    }
}
