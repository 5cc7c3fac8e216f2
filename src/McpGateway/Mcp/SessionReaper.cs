using Microsoft.Extensions.Options;

namespace McpGateway.Mcp;

/// <summary>Creates the session table at start, then ends abandoned sessions every <see cref="McpFrontDoorOptions.ReapIntervalSeconds"/>.</summary>
internal sealed class SessionReaper(IMcpSessionStore store, McpSessions sessions, TimeProvider time, IOptions<McpFrontDoorOptions> options, ILogger<SessionReaper> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

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
