namespace McpGateway.Hosting;

/// <summary>
/// Work that must finish before the gateway serves requests (creating stores, bootstrap accounts). Every task runs in
/// <see cref="GatewayStartup"/>: before the server listens standalone, behind the <see cref="StartupGate"/> in the Functions mode.
/// </summary>
public interface IStartupTask
{
    Task RunAsync(CancellationToken cancellationToken);
}
