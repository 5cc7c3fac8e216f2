using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
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
    private readonly string _stdioQueue = "stdio-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _marker = "fn-stdio-" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        _app = FunctionApp.AssembleFromBuild();
        _host = await FunctionsHostStandIn.StartAsync(_app, new Dictionary<string, string>
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = "custom",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["McpGateway__TableName"] = _table,
            ["McpGateway__Jobs__TableName"] = _table + "jobs",
            ["McpGateway__HealthTimeoutSeconds"] = "2",
            ["McpGateway__UnhealthyThreshold"] = "1",
            ["HealthSweepSchedule"] = "0 */5 * * * *",
            ["LOG_LEVEL"] = "warning",
            ["API_KEY"] = GatewayHost.AdminKey,
            ["McpGateway__Jobs__StdioQueueName"] = _stdioQueue,
            ["McpGateway__Registration__AllowedCommands__0"] = "python3",
        }, azurite.ConnectionString);
        _client = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _client.DefaultRequestHeaders.Add("X-API-Key", GatewayHost.AdminKey);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_app.Root, recursive: true);
        await Account.GetQueueClient(_stdioQueue).DeleteIfExistsAsync();
        await Account.GetQueueClient(_stdioQueue + "-poison").DeleteIfExistsAsync();
        Assert.Empty(await ProcessScan.WaitForNoneAsync(_marker, TimeSpan.FromSeconds(15)));
    }

    private QueueServiceClient Account => AzuriteQueues.Service(azurite);

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
    public async Task Management_endpoints_need_the_admin_key_when_the_pipeline_is_built_by_the_first_request()
    {
        // The Functions mode constructs everything after readiness (routing, authentication, rate limit, authorization) on
        // the first request; the security it adds must be the same as standalone's.
        using var anonymous = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var denied = await anonymous.GetAsync("/gateway/registry");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal("application/problem+json", denied.Content.Headers.ContentType?.MediaType);

        var allowed = await _client.GetAsync("/gateway/registry");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData(null)]
    public async Task An_mcp_client_calls_a_tool_through_the_proxy(string? protocolVersion)
    {
        await using var server = await McpServers.StartTestServerHttpAsync("mcpfx");
        await _client.PostAsJsonAsync("/gateway/register", McpServers.Http("mcpfx", "m-1", server.Endpoint));

        var transport = new ModelContextProtocol.Client.HttpClientTransport(new ModelContextProtocol.Client.HttpClientTransportOptions
        {
            Endpoint = new Uri(_host.BaseAddress, "/mcp/mcpfx"),
            TransportMode = ModelContextProtocol.Client.HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["X-API-Key"] = GatewayHost.AdminKey },
        });
        await using var client = await ModelContextProtocol.Client.McpClient.CreateAsync(transport,
            new ModelContextProtocol.Client.McpClientOptions { ProtocolVersion = protocolVersion });
        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "echo");
        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "mcp through the host" });
        Assert.Equal("mcp through the host", Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(result.Content[0]).Text);
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
            AzuriteTables.Client(azurite, _table), TimeProvider.System);
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

    [Fact]
    public async Task A_queued_job_runs_through_the_queue_trigger_and_completes()
    {
        await using var server = await McpServers.StartTestServerHttpAsync("jobs");
        await _client.PostAsJsonAsync("/gateway/register", McpServers.Http("jobs", "j-1", server.Endpoint));

        var submit = await _client.PostAsJsonAsync("/mcp/jobs/tools/call",
            new { name = "progress", arguments = new { steps = 3, delay_ms = 50 }, @async = true });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var id = (await submit.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!.GetValue<string>();

        // The job's events stream through the proxy as it runs in the queue-triggered invocation.
        using var events = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/gateway/jobs/{id}/events"), HttpCompletionOption.ResponseHeadersRead);
        var stream = await McpGateway.Tests.Jobs.SseReader.ReadAllAsync(await events.Content.ReadAsStreamAsync(), until: "done", TimeSpan.FromSeconds(60));
        Assert.Equal("done", stream[^1].Type);
        Assert.Equal("succeeded", stream[^1].Data["status"]!.GetValue<string>());

        var job = (await _client.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{id}"))!;
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal("completed 3 steps", job["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.NotEmpty(await RunJobInvocationsAsync(i => i.Status == 200, atLeast: 1));
    }

    [Fact]
    public async Task A_job_that_cannot_run_fails_the_invocation_so_the_platform_retries_and_poisons_it()
    {
        await _client.PostAsJsonAsync("/gateway/register", McpServers.Http("nowhere", "n-1", $"http://127.0.0.1:{Ports.Free()}/mcp"));
        var submit = await _client.PostAsJsonAsync("/mcp/nowhere/tools/call", new { name = "echo", @async = true });
        var id = (await submit.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!.GetValue<string>();

        JsonObject job;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        do
        {
            await Task.Delay(250);
            job = (await _client.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{id}"))!;
        }
        while (job["status"]!.GetValue<string>() != "failed" && DateTime.UtcNow < deadline);

        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Contains("poison", job["error"]!["detail"]!.GetValue<string>());
        var failedInvocations = await RunJobInvocationsAsync(i => i.Status >= 500, atLeast: 5);
        Assert.Equal(5, failedInvocations.Count); // host.json maxDequeueCount
        // The platform moved the message to the poison queue (the stand-in does what the host does after maxDequeueCount).
        var poison = Account.GetQueueClient("mcpgateway-jobs-poison");
        // The stand-in records the fifth invocation before it moves the message: wait for the move, not for a fixed time.
        var poisonedAt = DateTime.UtcNow.AddSeconds(30);
        while (!(await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString().Contains(id)) && DateTime.UtcNow < poisonedAt)
        {
            await Task.Delay(100);
        }
        Assert.Contains((await poison.PeekMessagesAsync(32)).Value, m => m.Body.ToString().Contains(id));
    }

    [Fact]
    public async Task A_stdio_job_waits_on_the_stdio_queue_not_the_trigger_queue_and_a_drain_run_completes_it()
    {
        var register = await _client.PostAsJsonAsync("/gateway/register", McpGateway.Tests.Pool.PoolTestSupport.TinyStdio("sjobs", "s1", _marker));
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        var submit = await _client.PostAsJsonAsync("/mcp/sjobs/tools/call",
            new { name = "echo", arguments = new { message = "from the stdio queue" }, @async = true });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var id = (await submit.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!.GetValue<string>();

        // The message waits on the stdio queue; the RunJob trigger (polling the main queue every 200 ms) never gets it.
        var stdio = Account.GetQueueClient(_stdioQueue);
        Assert.Contains((await stdio.PeekMessagesAsync(32)).Value, m => m.Body.ToString().Contains(id));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(await RunJobInvocationsAsync(_ => true, atLeast: 0));
        Assert.Equal("queued", (await _client.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{id}"))!["status"]!.GetValue<string>());

        // The Container Apps job: a drain run on the stdio queue, with the template in its own registry file.
        await using var drain = StartDrain("sjobs");
        await drain.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(drain.Process.ExitCode == 0, drain.Output);

        var job = (await _client.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{id}"))!;
        Assert.True(job["status"]!.GetValue<string>() == "succeeded", job.ToJsonString());
        Assert.Equal("from the stdio queue", job["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("s1", job["instance_id"]!.GetValue<string>());
        Assert.Equal(0, (await stdio.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty(await RunJobInvocationsAsync(_ => true, atLeast: 0));
    }

    [Fact]
    public async Task A_stdio_job_delivered_by_the_trigger_queue_is_re_routed_to_the_stdio_queue_not_failed()
    {
        await _client.PostAsJsonAsync("/gateway/register", McpGateway.Tests.Pool.PoolTestSupport.TinyStdio("rjobs", "s1", _marker));
        // As a job queued before the routing existed (or while the template still had an HTTP instance) would be.
        var jobs = new McpGateway.Storage.Azure.TableJobStore(AzuriteTables.Client(azurite, _table + "jobs"), TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var id = "j_" + Guid.NewGuid().ToString("N");
        await jobs.CreateAsync(new McpGateway.Jobs.JobRecord { Id = id, Template = "rjobs", Tool = "echo", CreatedAt = now, UpdatedAt = now });
        await new McpGateway.Storage.Azure.AzureJobQueue(Account, McpGateway.Jobs.JobOptions.DefaultQueueName)
            .EnqueueAsync(new McpGateway.Jobs.JobMessage(id).Serialize());

        var stdio = Account.GetQueueClient(_stdioQueue);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await stdio.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString().Contains(id)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Contains((await stdio.PeekMessagesAsync(32)).Value, m => m.Body.ToString().Contains(id));
        var invocation = Assert.Single(await RunJobInvocationsAsync(_ => true, atLeast: 1));
        Assert.Equal(200, invocation.Status); // delivered once, succeeded: the host deletes it, nothing is retried or poisoned
        Assert.Contains("re-routed", invocation.Body!["Logs"]![0]!.GetValue<string>());
        Assert.Equal("queued", (await jobs.GetAsync(id))!.Status);
        Assert.DoesNotContain((await Account.GetQueueClient(McpGateway.Jobs.JobOptions.DefaultQueueName + "-poison").PeekMessagesAsync(32)).Value,
            m => m.Body.ToString().Contains(id));

        await using var drain = StartDrain("rjobs");
        await drain.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(drain.Process.ExitCode == 0, drain.Output);
        Assert.Equal("succeeded", (await jobs.GetAsync(id))!.Status);
    }

    /// <summary>
    /// The RunJob invocations matching <paramref name="match"/>, once there are <paramref name="atLeast"/> (or after 30 s):
    /// the host records an invocation when the handler has answered it, which is after the job's state and queues changed.
    /// </summary>
    private async Task<List<(string Function, int Status, JsonObject? Body)>> RunJobInvocationsAsync(
        Func<(string Function, int Status, JsonObject? Body), bool> match, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            List<(string Function, int Status, JsonObject? Body)> found;
            lock (_host.Invocations)
            {
                found = _host.Invocations.Where(i => i.Function == "RunJob" && match(i)).ToList();
            }
            if (found.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                return found;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>A drain run as the Container Apps job runs it: the shared tables, the stdio queue as its queue, its own registry file.</summary>
    private ChildProcess StartDrain(string template)
    {
        var directory = Path.Combine(_app.Root, "drain-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "registry.json");
        File.WriteAllText(file, new JsonObject
        {
            ["templates"] = new JsonObject
            {
                [template] = new JsonObject
                {
                    ["instances"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "s1",
                        ["command"] = "python3",
                        ["args"] = new JsonArray(ProcessScan.TinyServer, _marker),
                    }),
                },
            },
        }.ToJsonString());
        var dll = Path.Combine(Repo.Root, "src", "McpGateway", "bin", Repo.Configuration, "net10.0", "McpGateway.dll");
        return ChildProcess.Start("dotnet", [dll, "--Logging:LogLevel:Default=Warning"], new Dictionary<string, string>
        {
            ["McpGateway__Mode"] = "drain",
            ["McpGateway__Store"] = "tables",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["McpGateway__TableName"] = _table,
            ["McpGateway__Jobs__TableName"] = _table + "jobs",
            ["McpGateway__Jobs__QueueName"] = _stdioQueue,
            ["MCP_GATEWAY_REGISTRY_FILE"] = file,
            ["McpGateway__DataDirectory"] = directory,
        });
    }
}

[CollectionDefinition(Name)]
public sealed class FunctionsCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Functions host stand-in";
}
