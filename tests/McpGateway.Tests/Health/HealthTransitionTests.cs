using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Health;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Health;

/// <summary>Active probes move an instance between healthy and unhealthy; unhealthy instances get no traffic.</summary>
public sealed class HealthTransitionTests : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
    {
        ["McpGateway:UnhealthyThreshold"] = "3",
        // Generous for a freshly started server on a loaded machine; probes of a dead port fail at once anyway.
        ["McpGateway:HealthTimeoutSeconds"] = "10",
        // The tests drive the sweep themselves; the background loop would add probes of its own.
        ["McpGateway:EnableBackgroundHealthChecks"] = "false",
    });

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    private async Task<JsonNode> InstanceAsync(string template, string id)
        => (await _gateway.Client.GetFromJsonAsync<JsonObject>($"/mcp/{template}/health"))!["instances"]![id]!;

    [Fact]
    public async Task Consecutive_probe_failures_mark_unhealthy_and_one_success_brings_it_back()
    {
        var port = Ports.Free();
        var server = await RunningServer.WaitAsync(
            ChildProcess.Start("dotnet", [McpServers.TestServerDll, "--http", "--port", port.ToString(), "--id", "flaky"]), port, "/mcp");
        await _gateway.RegisterAsync(McpServers.Http("flaky", "f1", server.Endpoint));
        var sweep = _gateway.Get<HealthSweep>();

        await sweep.RunAsync(force: true, CancellationToken.None);
        var healthy = await InstanceAsync("flaky", "f1");
        Assert.Equal("healthy", healthy["status"]!.GetValue<string>());
        Assert.NotNull(healthy["last_check"]);
        Assert.NotNull(healthy["latency_ms"]);

        await server.DisposeAsync();
        await sweep.RunAsync(force: true, CancellationToken.None);
        await sweep.RunAsync(force: true, CancellationToken.None);
        var failing = await InstanceAsync("flaky", "f1");
        Assert.Equal("healthy", failing["status"]!.GetValue<string>());
        Assert.Equal(2, failing["consecutive_failures"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(failing["last_error"]!.GetValue<string>()));

        await sweep.RunAsync(force: true, CancellationToken.None);
        var down = await InstanceAsync("flaky", "f1");
        Assert.Equal("unhealthy", down["status"]!.GetValue<string>());
        Assert.False(down["healthy"]!.GetValue<bool>());
        Assert.True(down["health_score"]!.GetValue<double>() < 50);

        var refused = await _gateway.CallToolAsync("flaky", "whoami");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var gatewayHealth = await _gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/health");
        Assert.Equal("degraded", gatewayHealth!["status"]!.GetValue<string>());

        await using var revived = await RunningServer.WaitAsync(
            ChildProcess.Start("dotnet", [McpServers.TestServerDll, "--http", "--port", port.ToString(), "--id", "flaky"]), port, "/mcp");
        await sweep.RunAsync(force: true, CancellationToken.None);
        Assert.Equal("healthy", (await InstanceAsync("flaky", "f1"))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await _gateway.CallToolAsync("flaky", "whoami")).StatusCode);
    }

    [Fact]
    public async Task A_failed_live_call_counts_as_a_passive_health_signal()
    {
        await _gateway.RegisterAsync(McpServers.Http("gone", "g1", $"http://127.0.0.1:{Ports.Free()}/mcp"));
        Assert.Equal("unknown", (await InstanceAsync("gone", "g1"))["status"]!.GetValue<string>());

        await _gateway.CallToolAsync("gone", "whoami");

        var instance = await InstanceAsync("gone", "g1");
        Assert.Equal("unhealthy", instance["status"]!.GetValue<string>());
        Assert.Equal(1, instance["consecutive_failures"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_background_checker_probes_on_its_interval()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["McpGateway:HealthIntervalSeconds"] = "1" });
        await using var server = await McpServers.StartTestServerHttpAsync("bg");
        await gateway.RegisterAsync(McpServers.Http("bg", "b1", server.Endpoint));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonNode? instance = null;
        while (DateTime.UtcNow < deadline)
        {
            instance = (await gateway.Client.GetFromJsonAsync<JsonObject>("/mcp/bg/health"))!["instances"]!["b1"]!;
            if (instance["status"]!.GetValue<string>() == "healthy")
            {
                break;
            }
            await Task.Delay(100);
        }
        Assert.Equal("healthy", instance!["status"]!.GetValue<string>());
        var stats = await gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/stats");
        Assert.True(stats!["health_checker"]!["probes"]!.GetValue<long>() >= 1);
    }
}
