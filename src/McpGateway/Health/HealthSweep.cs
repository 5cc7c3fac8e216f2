using System.Diagnostics;
using McpGateway.Hosting;
using McpGateway.Pool;
using McpGateway.Registry;
using McpGateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpGateway.Health;

/// <summary>
/// One round of active health checks: an MCP <c>ping</c> to every instance that is due, with the health timeout.
/// Driven by <see cref="ActiveHealthChecker"/> standalone and by the HealthSweep timer function in the isolated-worker Functions app.
/// </summary>
public sealed class HealthSweep(GatewayRegistry registry, UpstreamConnections connections, HealthUpdater updater,
    IOptions<GatewayOptions> options, TimeProvider time)
{
    private long _sweeps;
    private long _probes;
    private long _failures;
    private DateTimeOffset? _lastSweep;

    public long Sweeps => Interlocked.Read(ref _sweeps);
    public long Probes => Interlocked.Read(ref _probes);
    public long ProbeFailures => Interlocked.Read(ref _failures);
    public DateTimeOffset? LastSweep => _lastSweep;

    /// <param name="force">Probe every instance, whatever its template's interval says.</param>
    public async Task RunAsync(bool force, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        var probes = new List<Task>();
        foreach (var template in registry.Templates)
        {
            var interval = TimeSpan.FromSeconds(template.Settings.HealthCheckInterval ?? settings.HealthIntervalSeconds);
            foreach (var instance in template.Instances)
            {
                // Ten percent slack so a probe is not skipped because the timer fired a little early.
                if (force || instance.Health.LastCheck is not { } last || now - last >= interval * 0.9)
                {
                    probes.Add(ProbeAsync(instance, cancellationToken));
                }
            }
        }
        await Task.WhenAll(probes).ConfigureAwait(false);
        Interlocked.Increment(ref _sweeps);
        _lastSweep = time.GetUtcNow();
    }

    /// <summary><c>ping</c> for 2025 sessions; 2026-07-28 removed ping, so stateless servers get <c>server/discover</c>.</summary>
    internal static string ProbeMethod(string? protocolVersion)
        => protocolVersion is not null && string.CompareOrdinal(protocolVersion, "2026-07-28") >= 0 ? "server/discover" : "ping";

    public async Task ProbeAsync(InstanceState instance, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.HealthTimeoutSeconds);
        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _probes);
        try
        {
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            var connection = connections.Get(instance.Definition);
            await connection.EnsureConnectedAsync(timeoutSource.Token).ConfigureAwait(false);
            await connection.SendAsync(ProbeMethod(connection.NegotiatedProtocolVersion), null, timeout, timeoutSource.Token).ConfigureAwait(false);
            updater.ReportSuccess(instance, Stopwatch.GetElapsedTime(started), fromProbe: true);
        }
        catch (UpstreamException e) when (e.Kind == UpstreamFailureKind.ProtocolError)
        {
            // It answered: alive, even if it does not implement ping.
            updater.ReportSuccess(instance, Stopwatch.GetElapsedTime(started), fromProbe: true);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            var message = e is OperationCanceledException ? $"health probe timed out after {timeout.TotalSeconds:0.###} s" : e.Message;
            // A command that cannot start will not start on the next probe either; anything else may be passing.
            updater.ReportFailure(instance, message, definitive: ServerStartException.IsCause(e), fromProbe: true);
        }
    }
}
