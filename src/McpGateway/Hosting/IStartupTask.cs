namespace McpGateway.Hosting;

/// <summary>
/// Work that must finish before the gateway serves requests (creating stores, bootstrap accounts). Every task runs in
/// <see cref="GatewayStartup"/>: before the server listens standalone, behind the <see cref="StartupGate"/> in the isolated-worker Functions app.
/// Tasks run concurrently with each other and with the registry's and job stores' initialisation, so a task must not
/// depend on another one or on the registry being loaded.
/// </summary>
public interface IStartupTask
{
    Task RunAsync(CancellationToken cancellationToken);
}
