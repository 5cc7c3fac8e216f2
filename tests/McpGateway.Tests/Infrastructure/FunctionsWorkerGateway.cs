using McpGateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGateway.Tests.Infrastructure;

/// <summary>
/// The gateway configured as the isolated-worker Functions app configures it (<see cref="FunctionsWorkerHosting.AddGatewayFunctionsWorker"/>,
/// <see cref="HostingMode.FunctionsWorker"/>) in a generic host in this process, on the embedded store, without the Functions
/// host: for the mode's rules (job routing, settings). Requests through the real host are tested in Functions/Isolated.
/// </summary>
public sealed class FunctionsWorkerGateway : IAsyncDisposable
{
    private readonly string _dataDirectory;

    private FunctionsWorkerGateway(IHost host, string dataDirectory)
    {
        Host = host;
        _dataDirectory = dataDirectory;
    }

    public IHost Host { get; }

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    /// <summary>The builder with the gateway registered: <c>McpGateway:Store=sqlite</c> in a temporary folder unless the settings say otherwise.</summary>
    public static HostApplicationBuilder CreateBuilder(IDictionary<string, string?>? settings, out string dataDirectory)
    {
        dataDirectory = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"));
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["McpGateway:Store"] = "sqlite",
            ["McpGateway:DataDirectory"] = dataDirectory,
            ["McpGateway:Auth:ApiKey"] = GatewayHost.AdminKey,
            ["McpGateway:HealthIntervalSeconds"] = "3600",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddGatewayFunctionsWorker();
        return builder;
    }

    /// <summary>Starts it and waits until start-up (stores, registry) has finished.</summary>
    public static async Task<FunctionsWorkerGateway> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var host = CreateBuilder(settings, out var dataDirectory).Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<StartupGate>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
        return new FunctionsWorkerGateway(host, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
