using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Health;
using McpGateway.Registry;
using McpGateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace McpGateway.Tests.Registry;

/// <summary>
/// Two gateway processes (in-process hosts) sharing one registry table on Azurite, refreshing every 0.5 s:
/// registrations, removals and health written through one converge on the other.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SharedTableRegistryTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Refresh interval plus generous slack for a loaded 2-core machine.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly string _table = AzuriteTables.UniqueName();
    private GatewayHost _a = null!;
    private GatewayHost _b = null!;

    public async Task InitializeAsync()
    {
        var settings = AzuriteTables.GatewaySettings(azurite, _table);
        settings["McpGateway:RegistryRefreshSeconds"] = "0.5";
        // Health is driven by hand here, so each gateway's view comes from its own probes or from the table.
        settings["McpGateway:EnableBackgroundHealthChecks"] = "false";
        settings["McpGateway:UnhealthyThreshold"] = "1";
        _a = await GatewayHost.StartAsync(settings);
        _b = await GatewayHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await AzuriteTables.Client(azurite, _table).DeleteAsync();
    }

    [Fact]
    public void Both_gateways_use_the_table_store()
    {
        Assert.IsType<McpGateway.Storage.Azure.TableRegistryStore>(_a.Get<IRegistryStore>());
        Assert.IsType<McpGateway.Storage.Azure.TableRegistryStore>(_b.Get<IRegistryStore>());
    }

    [Fact]
    public async Task An_instance_registered_through_one_gateway_is_routed_by_the_other_within_the_bound()
    {
        await using var server = await McpServers.StartTestServerHttpAsync("srv-1");
        await _a.RegisterAsync(McpServers.Http("shared", "srv-1", server.Endpoint));

        var elapsed = await WaitAsync(async () =>
        {
            var response = await _b.CallToolAsync("shared", "whoami");
            return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("srv-1");
        });
        output.WriteLine($"B routed to the new instance {elapsed.TotalMilliseconds:0} ms after A registered it.");
        Assert.True(elapsed < Bound, $"B routed to the new instance after {elapsed.TotalSeconds:0.0} s.");
    }

    [Fact]
    public async Task A_deregistration_through_one_gateway_converges_on_the_other()
    {
        await using var server = await McpServers.StartTestServerHttpAsync("srv-1");
        await _a.RegisterAsync(McpServers.Http("shared", "srv-1", server.Endpoint));
        await WaitAsync(async () => (await _b.CallToolAsync("shared", "whoami")).IsSuccessStatusCode);

        var removed = await _b.Client.DeleteAsync("/gateway/deregister/shared/srv-1");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var elapsed = await WaitAsync(async () => _a.Get<GatewayRegistry>().Find("shared")?.Find("srv-1") is null);
        output.WriteLine($"A dropped the instance {elapsed.TotalMilliseconds:0} ms after B deregistered it.");
        Assert.True(elapsed < Bound, $"A dropped the instance after {elapsed.TotalSeconds:0.0} s.");
        Assert.NotEqual(HttpStatusCode.OK, (await _a.CallToolAsync("shared", "whoami")).StatusCode);
    }

    [Fact]
    public async Task Health_written_by_one_gateway_is_visible_on_the_other()
    {
        // Nothing listens on this port: A's probe fails and (threshold 1) marks the instance unhealthy.
        await _a.RegisterAsync(McpServers.Http("probed", "down-1", $"http://127.0.0.1:{Ports.Free()}/mcp"));
        await WaitAsync(() => Task.FromResult(_b.Get<GatewayRegistry>().Find("probed") is not null));

        await _a.Get<HealthSweep>().RunAsync(force: true, CancellationToken.None);
        Assert.Equal(HealthStatus.Unhealthy, _a.Get<GatewayRegistry>().Get("probed").Find("down-1")!.Health.Status);
        await WaitAsync(async () => (await _a.Get<IRegistryStore>().LoadAsync()).Single().Instances.Single().Health.Status == HealthStatus.Unhealthy);

        // Health writes do not bump the version; B takes the newer health (by last_check) at its next reload,
        // which any registry change triggers.
        await _a.RegisterAsync(McpServers.Http("probed", "other-1", "http://127.0.0.1:9/mcp"));
        JsonObject? report = null;
        await WaitAsync(async () =>
        {
            report = await _b.Client.GetFromJsonAsync<JsonObject>("/mcp/probed/health");
            return report!["instances"]!["down-1"]!["status"]!.GetValue<string>() == HealthStatus.Unhealthy;
        });
        var instance = report!["instances"]!["down-1"]!;
        Assert.False(instance["healthy"]!.GetValue<bool>());
        Assert.NotNull(instance["last_check"]);
        Assert.Equal(1, report["healthy_instances"]!.GetValue<int>());
    }

    [Fact]
    public async Task Health_updates_from_one_gateway_never_lose_registrations_made_through_the_other()
    {
        const int count = 20;
        var registering = Task.WhenAll(Enumerable.Range(0, count)
            .Select(i => _a.RegisterAsync(McpServers.Http("race", $"i-{i}", $"http://127.0.0.1:9/i-{i}"))));
        var storeOfB = _b.Get<IRegistryStore>();
        var rounds = 0;
        do
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(i => storeOfB.UpdateHealthAsync("race", $"i-{i}",
                new InstanceHealth { Status = HealthStatus.Healthy, LastCheck = DateTimeOffset.UtcNow, HealthScore = rounds })));
            rounds++;
        }
        while (!registering.IsCompleted || rounds < 3);
        await registering;
        output.WriteLine($"{rounds} rounds of {count} health updates from B raced the registrations through A.");

        var stored = Assert.Single(await storeOfB.LoadAsync()).Instances;
        Assert.Equal(count, stored.Count);
        Assert.All(stored, i => Assert.Equal($"http://127.0.0.1:9/{i.Definition.Id}", i.Definition.Endpoint));
        await WaitAsync(() => Task.FromResult(_b.Get<GatewayRegistry>().Find("race")?.Instances.Count == count));
        Assert.Equal(count, _a.Get<GatewayRegistry>().Get("race").Instances.Count);
    }

    /// <summary>Polls every 50 ms until the condition holds; fails after <see cref="Bound"/>. Returns the time it took.</summary>
    private static async Task<TimeSpan> WaitAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Bound, $"Not converged within {Bound.TotalSeconds:0} s.");
            await Task.Delay(50);
        }
        return clock.Elapsed;
    }
}
