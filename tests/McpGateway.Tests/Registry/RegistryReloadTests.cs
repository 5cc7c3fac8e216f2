using System.Net;
using System.Text.Json.Nodes;
using McpGateway.Registry;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Registry;

/// <summary>What a gateway keeps of an instance when it reloads the registry after another writer changed it.</summary>
public sealed class RegistryReloadTests
{
    [Fact]
    public async Task A_metadata_change_keeps_the_instances_live_state_and_a_new_endpoint_starts_it_afresh()
    {
        await using var server = await McpServers.StartTestServerHttpAsync("r1");
        await using var gateway = await GatewayHost.StartAsync();
        await gateway.RegisterAsync(McpServers.Http("reload", "r1", server.Endpoint));
        Assert.Equal(HttpStatusCode.OK, (await gateway.CallToolAsync("reload", "whoami")).StatusCode);
        var registry = gateway.Get<GatewayRegistry>();
        var store = gateway.Get<IRegistryStore>();
        var before = registry.Get("reload").Find("r1")!;
        Assert.Equal(1, before.TotalRequests);

        // A worker's heartbeat: only the metadata changes. Counters (stats, least-connections) survive it.
        var beat = before.Definition with { Metadata = new JsonObject { ["heartbeat_at"] = "2026-12-02T03:00:00.0000000+00:00" } };
        await store.PutInstanceAsync(beat);
        await registry.RefreshAsync(CancellationToken.None);
        var after = registry.Get("reload").Find("r1")!;
        Assert.Same(before, after);
        Assert.Equal(1, after.TotalRequests);
        Assert.Equal("2026-12-02T03:00:00.0000000+00:00", after.Definition.Metadata!["heartbeat_at"]!.GetValue<string>());

        // How it is reached changed: a new state, nothing carried over from the old endpoint.
        await using var other = await McpServers.StartTestServerHttpAsync("r1-moved");
        await store.PutInstanceAsync(beat with { Endpoint = other.Endpoint });
        await registry.RefreshAsync(CancellationToken.None);
        var moved = registry.Get("reload").Find("r1")!;
        Assert.NotSame(before, moved);
        Assert.Equal(0, moved.TotalRequests);
        Assert.Equal(other.Endpoint, moved.Definition.Endpoint);
    }
}
