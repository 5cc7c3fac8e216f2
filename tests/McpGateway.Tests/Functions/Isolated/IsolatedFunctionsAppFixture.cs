using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Functions.Isolated;

/// <summary>
/// The isolated-worker Functions app (<c>functions/McpGateway.Functions</c>, built with the tests) under the real Functions host
/// (<see cref="FunctionsHostLocator"/>) against a private Azurite: the gateway's Table Storage store, the Durable task hub and the
/// host's own storage (timer leases) in it. Tests that need more hosts (a crash and restart, two hosts sharing storage) start
/// them on the same Azurite with <see cref="StartHostAsync"/>. A derived fixture adds app settings of its own.
/// </summary>
public class IsolatedFunctionsAppFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private readonly IReadOnlyDictionary<string, string> _settings;
    private FunctionsHostProcess? _host;

    public IsolatedFunctionsAppFixture()
        : this(new Dictionary<string, string>())
    {
    }

    /// <param name="settings">App settings added to (or replacing) the fixture's own, as the Functions host passes app settings: environment variables.</param>
    protected IsolatedFunctionsAppFixture(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    public string Table { get; } = "gwiso" + Guid.NewGuid().ToString("N")[..12];

    public string Hub { get; } = "gwhub" + Guid.NewGuid().ToString("N")[..12];

    public Uri BaseAddress => _host!.BaseAddress;

    /// <summary>From starting the host to the first 200 of <c>/gateway/health</c> through it.</summary>
    public TimeSpan StartupTime => _host!.StartupTime;

    public string HostOutput => _host?.Output ?? "";

    public static string AppDirectory => FunctionsHostProcess.AppDirectory;

    public async Task InitializeAsync()
    {
        if (FunctionsHostLocator.SkipReason is not null)
        {
            return; // every test skips
        }
        await _azurite.InitializeAsync();
        _host = await FunctionsHostProcess.StartAsync(_azurite.ConnectionString, Hub, Table, _settings.ToDictionary());
    }

    /// <summary>Another host on this fixture's Azurite; with <paramref name="hub"/> and <paramref name="table"/> it shares those.</summary>
    public Task<FunctionsHostProcess> StartHostAsync(string hub, string table, IDictionary<string, string>? extra = null)
        => FunctionsHostProcess.StartAsync(_azurite.ConnectionString, hub, table, extra);

    public HttpClient CreateClient(string? apiKey = GatewayHost.AdminKey) => _host!.CreateClient(apiKey);

    /// <summary>The storage connection string of this fixture's Azurite (for processes that share it, e.g. a stdio drain run).</summary>
    public string StorageConnectionString => _azurite.ConnectionString;

    /// <summary>
    /// The orchestration <paramref name="instanceId"/> of this fixture's task hub as the Durable extension's Azure Storage provider
    /// records it (table <c>{hub}Instances</c>, partition key = instance id): its name and runtime status, or null when none.
    /// </summary>
    public async Task<(string Name, string Status)?> OrchestrationAsync(string instanceId, string? hub = null)
    {
        var table = new Azure.Data.Tables.TableClient(_azurite.ConnectionString, (hub ?? Hub) + "Instances");
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == instanceId))
        {
            return (row.GetString("Name"), row.GetString("RuntimeStatus"));
        }
        return null;
    }

    public async Task DisposeAsync()
    {
        if (_host is { } host)
        {
            await host.StopAsync();
        }
        await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class IsolatedFunctionsCollection : ICollectionFixture<IsolatedFunctionsAppFixture>
{
    public const string Name = "Isolated-worker Functions app under the host";
}
