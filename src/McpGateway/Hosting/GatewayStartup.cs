using McpGateway.Registry;
using Microsoft.Extensions.Options;

namespace McpGateway.Hosting;

/// <summary>
/// Creates the stores, loads the registry and applies the registry file. Standalone this finishes before the server
/// listens, so a bad registry file stops start-up. With <see cref="GatewayOptions.DeferInitialization"/> (the Functions
/// mode, where the host measures readiness as "answers GET /") it runs in the background once the server
/// listens; requests wait at <see cref="StartupGateMiddleware"/> and a failure stops the application.
/// </summary>
internal sealed class GatewayStartup(GatewayRegistry registry, RegistryFileLoader fileLoader, Jobs.IJobStore jobs, Jobs.IJobQueue queue,
    IEnumerable<IStartupTask> tasks, StartupGate gate, IOptions<GatewayOptions> options, IHostApplicationLifetime lifetime,
    ILogger<GatewayStartup> logger) : IHostedLifecycleService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.DeferInitialization)
        {
            await InitializeAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Deferred: runs once every hosted service, the server included, has started, so the work does not compete with
    /// the start-up path for the CPU (the host counts the time to the first answer to <c>GET /</c>).
    /// </summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (options.Value.DeferInitialization)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await InitializeAsync(lifetime.ApplicationStopping);
                }
                catch (Exception e)
                {
                    logger.LogCritical(e, "Start-up failed; stopping so the host can restart the gateway.");
                    lifetime.StopApplication();
                }
            }, CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Independent of each other: against Table Storage each is a few round trips, so they overlap rather than queue.
            await Task.WhenAll([
                LoadRegistryAsync(cancellationToken),
                jobs.InitializeAsync(cancellationToken),
                queue.InitializeAsync(cancellationToken),
                .. tasks.Select(task => task.RunAsync(cancellationToken))]);
            gate.Open();
        }
        catch (Exception e)
        {
            gate.Fail(e);
            throw;
        }
        logger.LogInformation("Registry ready: {Templates} templates, {Instances} instances.",
            registry.Templates.Count, registry.Templates.Sum(t => t.Instances.Count));
    }

    private async Task LoadRegistryAsync(CancellationToken cancellationToken)
    {
        await registry.InitializeAsync(cancellationToken);
        await fileLoader.LoadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
