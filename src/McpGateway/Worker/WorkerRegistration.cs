using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway.Registry;
using Microsoft.Extensions.Options;

namespace McpGateway.Worker;

/// <summary>
/// Registers each hosted template in the shared registry as an HTTP instance (<c>worker-{name}-{template}</c> at
/// <c>{PublicUrl}/mcp/{template}</c>), refreshes <c>metadata.heartbeat_at</c> every <c>HeartbeatSeconds</c>, and deregisters on shutdown.
/// </summary>
internal sealed class WorkerRegistration(WorkerTemplates templates, GatewayRegistry registry, IOptions<WorkerOptions> options, TimeProvider time,
    IHostApplicationLifetime lifetime, ILogger<WorkerRegistration> logger) : BackgroundService
{
    public const string WorkerKey = "worker";
    public const string HeartbeatAtKey = "heartbeat_at";
    public const string HeartbeatSecondsKey = "heartbeat_seconds";

    /// <summary>An instance a worker registered for one of its stdio templates (metadata <c>worker</c>).</summary>
    public static bool IsRegisteredByWorker(InstanceDefinition instance) => instance.Metadata?[WorkerKey] is not null;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await templates.LoadAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Registered only once the server listens, so no gateway is sent to a port that refuses connections.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var interval = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!first)
                {
                    await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
                }
                first = false;
                await HeartbeatAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Worker heartbeat failed; retrying at the next interval.");
            }
        }
    }

    /// <summary>
    /// Writes every registration with a fresh heartbeat over the previous one, in place: a gateway reloading the registry
    /// in between must never see the instance gone (it would close its connection to the worker, calls in flight included).
    /// </summary>
    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        foreach (var instance in Definitions())
        {
            await registry.Store.PutInstanceAsync(instance, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var instance in Definitions())
        {
            try
            {
                await registry.Store.RemoveInstanceAsync(instance.Template, instance.Id, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Deregistered worker instance {Instance}.", instance.Key);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not deregister {Instance}; gateways drop it once its heartbeat is stale.", instance.Key);
            }
        }
    }

    private IEnumerable<InstanceDefinition> Definitions()
    {
        var settings = options.Value;
        var now = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        foreach (var template in templates.Templates)
        {
            yield return new InstanceDefinition
            {
                Id = settings.InstanceId(template),
                Template = template,
                Transport = InstanceTransports.Http,
                Endpoint = settings.PublicUrl!.TrimEnd('/') + "/mcp/" + template,
                ProtocolVersion = settings.ProtocolVersion,
                Metadata = new JsonObject
                {
                    [WorkerKey] = settings.InstanceId(template),
                    [HeartbeatAtKey] = now,
                    [HeartbeatSecondsKey] = settings.HeartbeatSeconds,
                },
            };
        }
    }
}
