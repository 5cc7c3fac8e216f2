using McpGateway.Registry;

namespace McpGateway.Hosting;

/// <summary>Before the server listens: creates the store, loads the registry and applies the registry file.</summary>
internal sealed class GatewayStartup(GatewayRegistry registry, RegistryFileLoader fileLoader, Jobs.IJobStore jobs, Jobs.IJobQueue queue,
    ILogger<GatewayStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await registry.InitializeAsync(cancellationToken);
        await fileLoader.LoadAsync(cancellationToken);
        await jobs.InitializeAsync(cancellationToken);
        await queue.InitializeAsync(cancellationToken);
        logger.LogInformation("Registry ready: {Templates} templates, {Instances} instances.",
            registry.Templates.Count, registry.Templates.Sum(t => t.Instances.Count));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
