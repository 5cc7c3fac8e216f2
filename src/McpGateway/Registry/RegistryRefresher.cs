using McpGateway.Hosting;
using Microsoft.Extensions.Options;

namespace McpGateway.Registry;

/// <summary>Picks up registry changes made by other gateway processes sharing the store, within <c>RegistryRefreshSeconds</c>.</summary>
internal sealed class RegistryRefresher(StartupGate gate, GatewayRegistry registry, IOptions<GatewayOptions> options, TimeProvider time, ILogger<RegistryRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RegistryRefreshSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await registry.RefreshAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Registry refresh failed; routing keeps the last snapshot.");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
