using McpGateway.Hosting;
using Microsoft.Extensions.Options;

namespace McpGateway.Health;

/// <summary>Standalone driver of <see cref="HealthSweep"/>: wakes every second and probes the instances that are due.</summary>
internal sealed class ActiveHealthChecker(StartupGate gate, HealthSweep sweep, IOptions<GatewayOptions> options, TimeProvider time, ILogger<ActiveHealthChecker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        if (!options.Value.EnableBackgroundHealthChecks)
        {
            return;
        }
        var tick = TimeSpan.FromSeconds(Math.Clamp(options.Value.HealthIntervalSeconds / 4.0, 0.25, 1));
        using var timer = new PeriodicTimer(tick, time);
        try
        {
            do
            {
                try
                {
                    await sweep.RunAsync(force: false, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "Health sweep failed.");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
