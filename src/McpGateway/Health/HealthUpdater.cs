using McpGateway.Hosting;
using McpGateway.Registry;
using Microsoft.Extensions.Options;

namespace McpGateway.Health;

/// <summary>
/// The one owner of instance health transitions. Active probes and live traffic only report outcomes here.
/// Transitions and probe results are written to the store in the background, never on the request path.
/// </summary>
public sealed class HealthUpdater(IRegistryStore store, IOptions<GatewayOptions> options, TimeProvider time, ILogger<HealthUpdater> logger)
{
    private const double ScoreWeight = 0.3;

    public void ReportSuccess(InstanceState instance, TimeSpan latency, bool fromProbe)
    {
        var now = time.GetUtcNow();
        var before = instance.Health;
        var after = instance.ExchangeHealth(h => h with
        {
            Status = HealthStatus.Healthy,
            ConsecutiveFailures = 0,
            LastCheck = fromProbe ? now : h.LastCheck,
            LastError = fromProbe ? null : h.LastError,
            LatencyMs = Math.Round(latency.TotalMilliseconds, 3),
            HealthScore = Score(h.HealthScore, SuccessValue(latency)),
        });
        Persist(instance, before, after, fromProbe);
    }

    /// <param name="definitive">The instance could not be reached at all (refused, failed to start): unhealthy at once.</param>
    public void ReportFailure(InstanceState instance, string error, bool definitive, bool fromProbe)
    {
        var now = time.GetUtcNow();
        var threshold = options.Value.UnhealthyThreshold;
        var before = instance.Health;
        var after = instance.ExchangeHealth(h =>
        {
            var failures = h.ConsecutiveFailures + 1;
            return h with
            {
                Status = definitive || failures >= threshold ? HealthStatus.Unhealthy : h.Status,
                ConsecutiveFailures = failures,
                LastCheck = fromProbe ? now : h.LastCheck,
                LastError = Truncate(error),
                HealthScore = Score(h.HealthScore, 0),
            };
        });
        Persist(instance, before, after, fromProbe);
    }

    private static double SuccessValue(TimeSpan latency)
        => 100 - Math.Min(50, latency.TotalMilliseconds / 100);

    private static double Score(double previous, double sample)
        => Math.Round(previous * (1 - ScoreWeight) + sample * ScoreWeight, 2);

    private static string Truncate(string value) => value.Length <= 500 ? value : value[..500] + "…";

    private void Persist(InstanceState instance, InstanceHealth before, InstanceHealth after, bool fromProbe)
    {
        if (before.Status != after.Status)
        {
            logger.LogWarning("Instance {Instance} is now {Status} ({Error}).", instance.Definition.Key, after.Status, after.LastError ?? "ok");
        }
        else if (!fromProbe)
        {
            return;
        }
        // Off the caller's thread: a probe's answer may arrive on an upstream's reading thread, which a store write must not hold up.
        _ = Task.Run(() => PersistAsync(instance.Definition, after));
    }

    private async Task PersistAsync(InstanceDefinition instance, InstanceHealth health)
    {
        try
        {
            await store.UpdateHealthAsync(instance.Template, instance.Id, health).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not persist health of {Instance}.", instance.Key);
        }
    }
}
