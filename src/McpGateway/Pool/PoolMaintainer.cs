using Microsoft.Extensions.Options;

namespace McpGateway.Pool;

/// <summary>Runs <see cref="StdioProcessPools.MaintainAsync"/> every <c>MaintenanceIntervalMilliseconds</c>: scale-down, memory recycling, replacement, dedicated reaping.</summary>
internal sealed class PoolMaintainer(StdioProcessPools pools, IOptions<PoolOptions> options, TimeProvider time, ILogger<PoolMaintainer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Value.MaintenanceIntervalMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
                await pools.MaintainAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "A process pool maintenance round failed; the next round tries again.");
            }
        }
    }
}
