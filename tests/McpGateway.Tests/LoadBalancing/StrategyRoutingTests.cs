using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.LoadBalancing;

/// <summary>Strategies chosen per template decide which real instance serves each call.</summary>
public sealed class StrategyRoutingTests : IAsyncLifetime
{
    private readonly List<RunningServer> _servers = [];
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartAsync();
        foreach (var id in new[] { "one", "two" })
        {
            _servers.Add(await McpServers.StartTestServerHttpAsync(id));
        }
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    private async Task<Dictionary<string, int>> ServeAsync(string template, int calls)
    {
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < calls; i++)
        {
            var result = await (await _gateway.CallToolAsync(template, "whoami")).Content.ReadFromJsonAsync<JsonObject>();
            var id = result!["content"]![0]!["text"]!.GetValue<string>();
            counts[id] = counts.GetValueOrDefault(id) + 1;
        }
        return counts;
    }

    [Fact]
    public async Task Weighted_template_splits_calls_by_weight()
    {
        var first = McpServers.Http("weighted", "one", _servers[0].Endpoint, weight: 3);
        first["load_balancer"] = new JsonObject { ["strategy"] = "weighted" };
        await _gateway.RegisterAsync(first);
        await _gateway.RegisterAsync(McpServers.Http("weighted", "two", _servers[1].Endpoint, weight: 1));

        var counts = await ServeAsync("weighted", 40);

        Assert.Equal(30, counts["one"]);
        Assert.Equal(10, counts["two"]);
    }

    [Fact]
    public async Task Default_round_robin_alternates()
    {
        await _gateway.RegisterAsync(McpServers.Http("rr", "one", _servers[0].Endpoint));
        await _gateway.RegisterAsync(McpServers.Http("rr", "two", _servers[1].Endpoint));

        var counts = await ServeAsync("rr", 20);

        Assert.Equal(10, counts["one"]);
        Assert.Equal(10, counts["two"]);
    }
}
