using System.Globalization;
using McpGateway.Registry;

namespace McpGateway.Worker;

/// <summary>
/// The gateway side of worker heartbeats: an instance registered by a worker (metadata <c>worker</c>, <c>heartbeat_at</c>,
/// <c>heartbeat_seconds</c>) whose heartbeat is older than three intervals leaves the registry, so a worker that died without
/// deregistering leaves rotation. Runs in the standalone and worker modes.
/// </summary>
internal sealed class StaleWorkerReaper(GatewayRegistry registry, TimeProvider time, ILogger<StaleWorkerReaper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
                await ReapAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Reaping stale worker registrations failed; retrying.");
            }
        }
    }

    public async Task ReapAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var template in registry.Templates)
        {
            foreach (var instance in template.Instances)
            {
                if (IsStale(instance.Definition, now))
                {
                    logger.LogWarning("Removing worker instance {Instance}: no heartbeat since {HeartbeatAt}.",
                        instance.Definition.Key, instance.Definition.Metadata?[WorkerRegistration.HeartbeatAtKey]?.ToString());
                    await registry.Store.RemoveInstanceAsync(template.Name, instance.Id, cancellationToken).ConfigureAwait(false);
                    await registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    public static bool IsStale(InstanceDefinition instance, DateTimeOffset now)
    {
        if (instance.Metadata is not { } metadata || metadata[WorkerRegistration.WorkerKey] is null
            || metadata[WorkerRegistration.HeartbeatAtKey]?.ToString() is not { } at
            || !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var heartbeat))
        {
            return false;
        }
        var seconds = metadata[WorkerRegistration.HeartbeatSecondsKey] is { } value && double.TryParse(value.ToString(), CultureInfo.InvariantCulture, out var s) ? s : 15;
        return now - heartbeat > TimeSpan.FromSeconds(3 * seconds);
    }
}
