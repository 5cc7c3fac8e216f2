using System.Net;
using System.Text.Json.Nodes;
using McpGateway.Mcp;
using McpGateway.Pool;
using McpGateway.Tests.Infrastructure;
using McpGateway.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tests.Pool;

/// <summary>
/// Dedicated processes of front-door sessions are reaped after <c>Pool:DedicatedIdleSeconds</c>, however long the session
/// lives (its next call starts a new one), and each principal holds at most <c>Pool:MaxDedicatedPerPrincipal</c>. Idle
/// reaping runs on virtual time: the test moves the clock and runs the maintenance round itself.
/// </summary>
public sealed class DedicatedPerPrincipalTests : IAsyncLifetime
{
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);
    private readonly string _marker = "dedicated-principal-" + Guid.NewGuid().ToString("N");
    private GatewayHost _gateway = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;

    private StdioProcessPools Pools => _gateway.Get<StdioProcessPools>();

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["McpGateway:Pool:MinWorkers"] = "0",
            ["McpGateway:Pool:MaxWorkers"] = "1",
            ["McpGateway:Pool:DedicatedIdleSeconds"] = "120",
            ["McpGateway:Pool:MaxDedicatedPerPrincipal"] = "2",
            ["McpGateway:Pool:MaintenanceIntervalMilliseconds"] = "3600000", // the test runs the rounds
            ["McpGateway:Mcp:SessionIdleSeconds"] = "1800",
            ["McpGateway:HealthIntervalSeconds"] = "3600",
            ["McpGateway:RequestTimeoutSeconds"] = "60",
        }, services: s => s.AddSingleton<TimeProvider>(_time));
        await _gateway.RegisterAsync(PoolTestSupport.TinyStdio("tiny", "t1", _marker));
        await _gateway.CreateUserAsync("alice");
        await _gateway.CreateUserAsync("bob");
        _alice = _gateway.CreateClient((await _gateway.CreateKeyAsync(new JsonObject { ["owner"] = "alice" })).Key);
        _bob = _gateway.CreateClient((await _gateway.CreateKeyAsync(new JsonObject { ["owner"] = "bob" })).Key);
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        await _gateway.DisposeAsync();
        await ProcessScan.WaitForNoneAsync(_marker, TimeSpan.FromSeconds(15));
    }

    private async Task<RawMcpClient> SessionAsync(HttpClient http)
    {
        var client = new RawMcpClient(http, new Uri(_gateway.BaseAddress, "/mcp/tiny").ToString());
        await client.InitializeAsync(capabilities: new JsonObject { ["sampling"] = new JsonObject() });
        return client;
    }

    private static Task<RawMcpClient.Reply> EchoAsync(RawMcpClient client, string text)
        => client.SendAsync("tools/call", new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = text } });

    private static string Text(RawMcpClient.Reply reply) => reply.Final["result"]!["content"]![0]!["text"]!.GetValue<string>();

    [Fact]
    public async Task An_idle_dedicated_process_is_reaped_after_the_short_window_while_the_session_lives_on()
    {
        var client = await SessionAsync(_alice);
        Assert.Equal("one", Text(await EchoAsync(client, "one")));
        Assert.Single(Pools.Dedicated);

        _time.Advance(TimeSpan.FromSeconds(119));
        await Pools.MaintainAsync();
        Assert.Single(Pools.Dedicated);

        _time.Advance(TimeSpan.FromSeconds(2));
        await Pools.MaintainAsync();
        Assert.Empty(Pools.Dedicated);
        Assert.Equal(1, Pools.DedicatedReaped);
        Assert.NotNull(await _gateway.Get<IMcpSessionStore>().GetAsync(client.SessionId!)); // the session lives on (1800 s)

        Assert.Equal("two", Text(await EchoAsync(client, "two"))); // a new process for it
        Assert.Single(Pools.Dedicated);
        Assert.Equal(2, Pools.DedicatedStarted);
    }

    [Fact]
    public async Task A_principal_over_its_cap_is_refused_while_another_principal_still_gets_one()
    {
        var first = await SessionAsync(_alice);
        var second = await SessionAsync(_alice);
        Assert.Equal("a1", Text(await EchoAsync(first, "a1")));
        Assert.Equal("a2", Text(await EchoAsync(second, "a2")));

        var third = await SessionAsync(_alice);
        var refused = await EchoAsync(third, "a3");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal(McpErrors.RateLimited, refused.Final["error"]!["code"]!.GetValue<int>());
        Assert.Contains("MaxDedicatedPerPrincipal", refused.Final["error"]!["message"]!.GetValue<string>());
        Assert.Equal(2, Pools.Dedicated.Count);

        var bobs = await SessionAsync(_bob);
        Assert.Equal("b1", Text(await EchoAsync(bobs, "b1")));
        Assert.Equal(3, Pools.Dedicated.Count);

        // Ending one of alice's sessions frees her place; the refused session's next call gets a process.
        Assert.Equal(HttpStatusCode.OK, await first.DeleteAsync());
        await PoolTestSupport.WaitUntilAsync(() => Pools.Dedicated.Count == 2, TimeSpan.FromSeconds(15), "the first session's process is released");
        Assert.Equal("a3", Text(await EchoAsync(third, "a3")));
    }
}
