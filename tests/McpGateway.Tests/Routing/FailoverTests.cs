using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;
using McpGateway.Upstreams;

namespace McpGateway.Tests.Routing;

/// <summary>Failover, the no-duplicate rule, timeouts and upstream errors, with our test server as real processes.</summary>
public sealed class FailoverTests : IAsyncLifetime
{
    private readonly List<RunningServer> _servers = [];
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    private async Task<RunningServer> StartHttpAsync(string id)
    {
        var server = await McpServers.StartTestServerHttpAsync(id);
        _servers.Add(server);
        return server;
    }

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    private static string Text(JsonObject result) => result["content"]![0]!["text"]!.GetValue<string>();

    [Fact]
    public async Task With_one_of_three_instances_killed_every_call_still_succeeds()
    {
        for (var i = 1; i <= 3; i++)
        {
            var server = await StartHttpAsync($"node-{i}");
            await _gateway.RegisterAsync(McpServers.Http("svc", $"node-{i}", server.Endpoint));
        }
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _gateway.CallToolAsync("svc", "whoami")).StatusCode);
        }

        await _servers[1].DisposeAsync(); // node-2 is gone: connections to it are refused

        var servedBy = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var response = await _gateway.CallToolAsync("svc", "increment");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            servedBy.Add(Text(await JsonAsync(response)));
        }
        var health = await _gateway.Client.GetFromJsonAsync<JsonObject>("/mcp/svc/health");
        Assert.Equal("unhealthy", health!["instances"]!["node-2"]!["status"]!.GetValue<string>());
        Assert.Equal(2, health["healthy_instances"]!.GetValue<int>());
        var stats = await _gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/stats");
        Assert.True(stats!["requests"]!["retries"]!.GetValue<long>() >= 1);
        // The two survivors shared the load.
        var distribution = stats["load_distribution"]!["svc"]!;
        Assert.True(distribution["node-1"]!["requests"]!.GetValue<long>() >= 12);
        Assert.True(distribution["node-3"]!["requests"]!.GetValue<long>() >= 12);
    }

    [Fact]
    public async Task A_tool_call_that_may_have_run_is_not_retried_and_says_so()
    {
        await _gateway.RegisterAsync(McpServers.TestServerStdio("once", "a"));
        await _gateway.RegisterAsync(McpServers.TestServerStdio("once", "b"));

        var response = await _gateway.CallToolAsync("once", "crash");
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.True(problem["may_have_executed"]!.GetValue<bool>());
        Assert.Contains("may have executed", problem["detail"]!.GetValue<string>());
        var stats = await _gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/stats");
        Assert.Equal(0, stats!["requests"]!["retries"]!.GetValue<long>());
        var distribution = stats["load_distribution"]!["once"]!;
        Assert.Equal(1, distribution["a"]!["requests"]!.GetValue<long>() + distribution["b"]!["requests"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_call_that_never_reached_an_instance_is_retried_even_when_not_idempotent()
    {
        var live = await StartHttpAsync("live");
        await _gateway.RegisterAsync(McpServers.Http("mixed", "dead", $"http://127.0.0.1:{Ports.Free()}/mcp"));
        await _gateway.RegisterAsync(McpServers.Http("mixed", "live", live.Endpoint));

        for (var i = 1; i <= 4; i++)
        {
            var response = await _gateway.CallToolAsync("mixed", "increment");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(i.ToString(), Text(await JsonAsync(response)));
            Assert.Equal("live", response.Headers.GetValues("X-Gateway-Instance").Single());
        }
    }

    [Fact]
    public async Task A_slow_upstream_is_a_504_and_is_not_retried()
    {
        var server = await StartHttpAsync("slow");
        var other = await StartHttpAsync("other");
        var registration = McpServers.Http("slowpoke", "slow", server.Endpoint);
        registration["load_balancer"] = new JsonObject { ["timeout"] = 1, ["strategy"] = "round_robin" };
        await _gateway.RegisterAsync(registration);
        await _gateway.RegisterAsync(McpServers.Http("slowpoke", "other", other.Endpoint));

        var response = await _gateway.CallToolAsync("slowpoke", "slow", new JsonObject { ["ms"] = 10_000 });
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.True(problem["may_have_executed"]!.GetValue<bool>());
        var stats = await _gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/stats");
        Assert.Equal(0, stats!["requests"]!["retries"]!.GetValue<long>());

        // The upstream was told to stop (notifications/cancelled), so the abandoned work does not run on.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string cancelled = "0";
        while (cancelled == "0" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            cancelled = Text(await JsonAsync(await _gateway.CallToolAsync("slowpoke", "cancelled_count")));
        }
        Assert.Equal("1", cancelled);
    }

    [Fact]
    public async Task Upstream_errors_keep_their_code_and_tool_errors_stay_results()
    {
        var server = await StartHttpAsync("errors");
        await _gateway.RegisterAsync(McpServers.Http("err", "errors", server.Endpoint));

        var error = await _gateway.CallToolAsync("err", "error", new JsonObject { ["code"] = -32042, ["message"] = "quota exceeded" });
        var problem = await JsonAsync(error);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal(-32042, problem["mcp_error_code"]!.GetValue<int>());
        Assert.Contains("quota exceeded", problem["detail"]!.GetValue<string>());
        Assert.False(problem["may_have_executed"]!.GetValue<bool>());

        var failed = await _gateway.CallToolAsync("err", "fail");
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.True((await JsonAsync(failed))["isError"]!.GetValue<bool>());

        // An answered error does not make the instance unhealthy.
        var health = await _gateway.Client.GetFromJsonAsync<JsonObject>("/mcp/err/health");
        Assert.Equal("healthy", health!["instances"]!["errors"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_command_that_cannot_start_is_an_error_response_not_a_crash()
    {
        await _gateway.RegisterAsync(new JsonObject { ["template"] = "ghost", ["id"] = "g1", ["command"] = "/nonexistent/mcp-server-binary" });

        var response = await _gateway.CallToolAsync("ghost", "anything");
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("g1", problem["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Client.GetAsync("/gateway/health")).StatusCode);
        var health = await _gateway.Client.GetFromJsonAsync<JsonObject>("/mcp/ghost/health");
        Assert.Equal("unhealthy", health!["instances"]!["g1"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stdio_process_that_dies_is_restarted_and_serves_again()
    {
        // One process (the counter lives in it): the pool restarts that process rather than routing to a sibling.
        var registration = McpServers.TestServerStdio("phoenix", "p1");
        registration["min_workers"] = 1;
        registration["max_workers"] = 1;
        await _gateway.RegisterAsync(registration);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(i.ToString(), Text(await JsonAsync(await _gateway.CallToolAsync("phoenix", "increment"))));
        }

        var crash = await _gateway.CallToolAsync("phoenix", "crash");
        Assert.Equal(HttpStatusCode.BadGateway, crash.StatusCode);

        // The gateway restarts the process in the background (with backoff); a probe that succeeds brings it back into rotation.
        var sweep = _gateway.Get<McpGateway.Health.HealthSweep>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? count = null;
        while (DateTime.UtcNow < deadline)
        {
            await sweep.RunAsync(force: true, CancellationToken.None);
            var response = await _gateway.CallToolAsync("phoenix", "increment");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                count = Text(await JsonAsync(response));
                break;
            }
            await Task.Delay(200);
        }
        Assert.Equal("1", count); // a fresh process: its counter started again
        var connection = _gateway.Get<UpstreamConnections>().All.Single(c => c.Instance.Id == "p1");
        Assert.True(connection.Restarts >= 1);
    }
    [Fact]
    public async Task A_read_only_tool_call_that_may_have_run_is_retried_on_another_instance()
    {
        await _gateway.RegisterAsync(McpServers.TestServerStdio("safe", "doomed"));
        await _gateway.RegisterAsync(McpServers.TestServerStdio("safe", "survivor"));

        // Round robin sends the first call to "doomed", whose process dies mid-call; the tool is readOnly, so it is re-run elsewhere.
        var response = await _gateway.CallToolAsync("safe", "crash_readonly", new JsonObject { ["id"] = "doomed" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("survived on survivor", Text(await JsonAsync(response)));
        Assert.Equal("survivor", response.Headers.GetValues("X-Gateway-Instance").Single());
        var stats = await _gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/stats");
        Assert.Equal(1, stats!["requests"]!["retries"]!.GetValue<long>());
    }
}
