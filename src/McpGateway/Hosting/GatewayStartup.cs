using McpGateway.Registry;

namespace McpGateway.Hosting;

/// <summary>
/// Creates the stores, loads the registry and applies the registry file, then opens the <see cref="StartupGate"/>. It is the
/// first hosted service: standalone it finishes before the server listens, so a bad registry file stops start-up; in the
/// isolated-worker Functions app requests the host forwards earlier wait at <see cref="StartupGateMiddleware"/>.
/// </summary>
internal sealed class GatewayStartup(GatewayRegistry registry, RegistryFileLoader fileLoader, Jobs.IJobStore jobs, Jobs.IJobQueue queue,
    IEnumerable<IStartupTask> tasks, StartupGate gate, ILogger<GatewayStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
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
}
