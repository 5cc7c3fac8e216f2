using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Azure.Storage.Tests.Azurite;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Functions;

/// <summary>The packaged gateway run by the host stand-in against Azurite, as the Functions host would run it.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class FunctionsModeTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private FunctionApp _app = null!;
    private FunctionsHostStandIn _host = null!;
    private HttpClient _client = null!;
    private readonly string _table = "gw" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        _app = FunctionApp.AssembleFromBuild();
        _host = await FunctionsHostStandIn.StartAsync(_app, new Dictionary<string, string>
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = "custom",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["McpGateway__TableName"] = _table,
            ["McpGateway__HealthTimeoutSeconds"] = "2",
            ["McpGateway__UnhealthyThreshold"] = "1",
            ["HealthSweepSchedule"] = "0 */5 * * * *",
            ["LOG_LEVEL"] = "warning",
        }, azurite.ConnectionString);
        _client = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_app.Root, recursive: true);
    }

    [Fact]
    public async Task The_handler_binds_loopback_on_the_hosts_port_and_answers_readiness()
    {
        using var direct = new HttpClient();
        var response = await direct.GetAsync($"http://127.0.0.1:{_host.HandlerPort}/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_rest_call_goes_through_the_proxy()
    {
        await using var server = await McpServers.StartTestServerHttpAsync("fx");
        var register = await _client.PostAsJsonAsync("/gateway/register", McpServers.Http("fx", "fx-1", server.Endpoint));
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        var call = await _client.PostAsJsonAsync("/mcp/fx/tools/call", new { name = "echo", arguments = new { message = "through the host" } });
        var body = await call.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal("through the host", body!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_timer_sweep_marks_a_dead_instance_unhealthy_in_table_storage()
    {
        await _client.PostAsJsonAsync("/gateway/register", McpServers.Http("dead", "d-1", $"http://127.0.0.1:{Ports.Free()}/mcp"));

        var invocation = await _host.InvokeTimerAsync("HealthSweep");
        var result = await invocation.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.OK, invocation.StatusCode);
        Assert.Contains("probed", result!["Logs"]![0]!.GetValue<string>());
        Assert.NotNull(result["Outputs"]);

        // The health is in the table: a fresh store reading it sees the instance unhealthy.
        var store = new McpGateway.Storage.Azure.TableRegistryStore(
            McpGateway.Azure.Storage.StorageAccount.FromConnectionString(azurite.ConnectionString).GetTableClient(_table), TimeProvider.System);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string? status = null;
        while (DateTime.UtcNow < deadline && status != "unhealthy")
        {
            var template = (await store.LoadAsync()).Single(t => t.Name == "dead");
            status = template.Instances.Single().Health.Status;
            await Task.Delay(100);
        }
        Assert.Equal("unhealthy", status);
    }

    [Fact]
    public async Task Invocation_paths_cannot_be_reached_through_the_proxy()
    {
        var response = await _client.PostAsync("/RunJob", new StringContent("{\"Data\":{\"message\":\"\\\"{}\\\"\"},\"Metadata\":{}}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var sweep = await _client.PostAsync("/HealthSweep", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, sweep.StatusCode);
    }
}

[CollectionDefinition(Name)]
public sealed class FunctionsCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Functions host stand-in";
}
