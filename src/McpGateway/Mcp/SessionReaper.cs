using Microsoft.Extensions.Options;

namespace McpGateway.Mcp;

/// <summary>Ends abandoned sessions every <see cref="McpFrontDoorOptions.ReapIntervalSeconds"/> (the store is created by <see cref="SessionStoreStartup"/>).</summary>
internal sealed class SessionReaper(McpSessions sessions, TimeProvider time, IOptions<McpFrontDoorOptions> options, ILogger<SessionReaper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.ReapIntervalSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                await sessions.ReapAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Reaping idle MCP sessions failed; trying again in {Interval}.", interval);
            }
        }
    }
}
