using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tests.Streaming;

/// <summary>
/// One gateway for the streaming tests: template <c>alpha</c> (our test server, stdio), <c>beta</c> (server-everything,
/// stdio) and <c>gamma</c> (an HTTP instance nobody listens on, so listing it fails). Keep-alive is 1 s, and the
/// background job runner is off so a test decides when a job runs (<see cref="RunNextJobAsync"/>).
/// </summary>
public sealed class StreamingFixture : IAsyncLifetime
{
    public GatewayHost Gateway { get; private set; } = null!;

    /// <summary>Every job event the gateway published (an extra sink beside the hub's).</summary>
    public RecordingJobEventSink Published { get; } = new();

    public async Task InitializeAsync()
    {
        Gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["McpGateway:Streaming:KeepAliveSeconds"] = "1",
            ["McpGateway:Jobs:EnableBackgroundRunner"] = "false",
        }, services: s => s.AddSingleton<McpGateway.Jobs.IJobEventSink>(Published));
        await Gateway.RegisterAsync(McpServers.TestServerStdio("alpha", "alpha-1"));
        await Gateway.RegisterAsync(McpServers.EverythingStdio("beta", "beta-1"));
        await Gateway.RegisterAsync(McpServers.Http("gamma", "gamma-1", $"http://127.0.0.1:{Ports.Free()}/mcp"));
    }

    /// <summary>Takes the next queued job message and runs it to the end, as the background runner would.</summary>
    public async Task RunNextJobAsync()
    {
        var queue = Gateway.Get<McpGateway.Jobs.IJobQueue>();
        var leases = await queue.ReceiveAsync(1, TimeSpan.FromMinutes(2));
        Assert.Single(leases);
        await Gateway.Get<McpGateway.Jobs.JobRunner>().RunAsync(leases[0].Text, leases[0].DequeueCount, CancellationToken.None);
        await queue.DeleteAsync(leases[0]);
    }

    public static JsonObject Args(params (string Key, JsonNode? Value)[] values)
    {
        var args = new JsonObject();
        foreach (var (key, value) in values)
        {
            args[key] = value;
        }
        return args;
    }

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class StreamingCollection : ICollectionFixture<StreamingFixture>
{
    public const string Name = "Streaming";
}
