using System.Text.Json.Nodes;
using McpGateway.Hosting;
using McpGateway.Jobs;
using McpGateway.Registry;
using McpGateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tests.Jobs;

/// <summary>
/// The routing rule (<see cref="JobRouting"/>): which instances need a stdio host, and which queue a job lands on in the
/// isolated-worker Functions app (<see cref="HostingMode.FunctionsWorker"/>) and elsewhere. In-process gateways on the embedded
/// store (its named queues follow the same contract as Queue Storage).
/// </summary>
public sealed class JobRoutingTests
{
    private const string StdioQueue = "stdio-jobs";

    private static InstanceDefinition Stdio(string id) => new() { Id = id, Template = "t", Transport = InstanceTransports.Stdio, Command = "python3" };

    private static InstanceDefinition Http(string id) => new() { Id = id, Template = "t", Endpoint = "http://127.0.0.1:9/mcp" };

    private static InstanceDefinition Worker(string id) => Http(id) with
    {
        Endpoint = "https://ca-worker.internal.example.azurecontainerapps.io/mcp/t",
        Metadata = new JsonObject { ["worker"] = id, ["heartbeat_at"] = DateTimeOffset.UtcNow.ToString("O"), ["heartbeat_seconds"] = 15 },
    };

    public static TheoryData<string, InstanceDefinition[], bool> Cases() => new()
    {
        { "only stdio", [Stdio("s1")], true },
        { "two stdio", [Stdio("s1"), Stdio("s2")], true },
        { "only a worker's registration", [Worker("worker-a-t")], true },
        { "stdio and a worker's registration", [Stdio("s1"), Worker("worker-a-t")], true },
        { "only http", [Http("h1")], false },
        { "stdio and http", [Stdio("s1"), Http("h1")], false },
        { "a worker's registration and http", [Worker("worker-a-t"), Http("h1")], false },
        { "http with other metadata", [Http("h1") with { Metadata = new JsonObject { ["team"] = "x" } }], false },
        { "no instances", [], false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_template_needs_a_stdio_host_when_every_instance_is_stdio_or_a_workers(string name, InstanceDefinition[] instances, bool expected)
        => Assert.True(JobRouting.NeedsStdioHost(instances) == expected, name);

    [Fact]
    public async Task In_the_functions_app_stdio_only_templates_route_to_the_stdio_queue_and_others_stay()
    {
        await using var gateway = await StartAsync(functions: true);
        var registry = gateway.Get<GatewayRegistry>();
        await registry.RegisterAsync(Stdio("s1") with { Template = "local" }, null, default);
        await registry.RegisterAsync(Worker("worker-a-remote") with { Template = "remote" }, null, default);
        await registry.RegisterAsync(Stdio("s1") with { Template = "mixed" }, null, default);
        await registry.RegisterAsync(Http("h1") with { Template = "mixed" }, null, default);
        await registry.RegisterAsync(Http("h1") with { Template = "web" }, null, default);
        var routing = gateway.Get<JobRouting>();

        Assert.Equal(StdioQueue, routing.StdioQueueName);
        Assert.True(routing.RoutesToStdioQueue("local"));
        Assert.True(routing.RoutesToStdioQueue("remote"));
        Assert.False(routing.RoutesToStdioQueue("mixed"));
        Assert.False(routing.RoutesToStdioQueue("web"));
        Assert.False(routing.RoutesToStdioQueue("unknown"));
        // The queue exists for the stdio host to read (created at start-up).
        Assert.Equal(0, await gateway.Get<IJobQueues>().Get(StdioQueue).CountAsync());
    }

    [Fact]
    public async Task Outside_the_functions_app_every_job_stays_on_the_main_queue()
    {
        await using var gateway = await StartAsync(functions: false);
        await gateway.Get<GatewayRegistry>().RegisterAsync(Stdio("s1") with { Template = "local" }, null, default);
        var job = await gateway.Get<JobService>().SubmitAsync(Callers.Admin, "local", "echo", null, default);

        Assert.Null(gateway.Get<JobRouting>().StdioQueueName);
        Assert.False(gateway.Get<JobRouting>().RoutesToStdioQueue("local"));
        Assert.Equal([job.Id], await DrainAsync(gateway.Get<IJobQueue>()));
        Assert.Empty(await DrainAsync(gateway.Get<IJobQueues>().Get(StdioQueue)));
    }

    [Fact]
    public async Task Without_a_stdio_queue_the_functions_app_routes_nothing()
    {
        await using var gateway = await StartAsync(functions: true, stdioQueue: null);
        await gateway.Get<GatewayRegistry>().RegisterAsync(Stdio("s1") with { Template = "local" }, null, default);

        Assert.Null(gateway.Get<JobRouting>().StdioQueueName);
        Assert.False(gateway.Get<JobRouting>().RoutesToStdioQueue("local"));
    }

    [Fact]
    public void A_stdio_queue_named_like_the_main_queue_stops_start_up()
    {
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var app = GatewayApplication.Build([], new Dictionary<string, string?>
            {
                ["McpGateway:Port"] = "0",
                ["McpGateway:Jobs:StdioQueueName"] = JobOptions.DefaultQueueName,
            });
            app.StartAsync().GetAwaiter().GetResult();
        });
        Assert.Contains("StdioQueueName", error.ToString());
    }

    /// <summary>The job service, registry and queues of a gateway in the Functions app's mode or standalone, with no job runner.</summary>
    private sealed class Gateway(IServiceProvider services, IAsyncDisposable owner) : IAsyncDisposable
    {
        public T Get<T>() where T : notnull => services.GetRequiredService<T>();

        public ValueTask DisposeAsync() => owner.DisposeAsync();
    }

    private static async Task<Gateway> StartAsync(bool functions, string? stdioQueue = StdioQueue)
    {
        var settings = new Dictionary<string, string?>
        {
            ["McpGateway:Store"] = "sqlite",
            ["McpGateway:Jobs:EnableBackgroundRunner"] = "false",
            ["McpGateway:Jobs:PollIntervalMilliseconds"] = "50",
            ["McpGateway:Jobs:StdioQueueName"] = stdioQueue,
        };
        Gateway gateway;
        if (functions)
        {
            var app = await FunctionsWorkerGateway.StartAsync(settings);
            gateway = new Gateway(app.Host.Services, app);
        }
        else
        {
            var host = await GatewayHost.StartAsync(settings);
            await host.Get<StartupGate>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
            gateway = new Gateway(host.Services, host);
        }
        Assert.Equal(functions ? HostingMode.FunctionsWorker : HostingMode.Standalone, gateway.Get<GatewayHosting>().Mode);
        return gateway;
    }

    /// <summary>The job ids of every visible message, in order; the messages are deleted.</summary>
    private static async Task<List<string>> DrainAsync(IJobQueue queue)
    {
        var ids = new List<string>();
        while (await queue.ReceiveAsync(32, TimeSpan.FromSeconds(30)) is { Count: > 0 } leases)
        {
            foreach (var lease in leases)
            {
                ids.Add(JobMessage.TryParse(lease.Text)!.JobId);
                await queue.DeleteAsync(lease);
            }
        }
        return ids;
    }
}
