using McpGateway.Hosting;
using McpGateway.Registry;
using McpGateway.Worker;
using Microsoft.Extensions.Options;

namespace McpGateway.Jobs;

/// <summary>
/// The one rule for which jobs go to the stdio host (the stdio Container Apps job): applied by the Functions app's job engine when
/// it starts a job (<c>DurableJobEngine</c>), and by <see cref="JobService"/> when it decides whether it can learn a tool's annotations.
/// <para>
/// Only a process that cannot run stdio servers routes: the isolated-worker Functions app (<see cref="HostingMode.FunctionsWorker"/>),
/// with <c>McpGateway:Jobs:StdioQueueName</c> set. There a job goes to the stdio queue when its template has instances and
/// <b>every</b> instance needs a stdio host: a stdio instance, or an HTTP instance registered by a worker (metadata <c>worker</c>).
/// Any other HTTP instance keeps the job in the app, where the router reaches that instance. A template without instances stays
/// in the app too. Health plays no part: the route follows what is registered, not what answers right now.
/// </para>
/// Everywhere else (standalone, worker, drain) every job goes to <c>McpGateway:Jobs:QueueName</c>.
/// </summary>
public sealed class JobRouting(GatewayRegistry registry, IJobQueues queues, GatewayHosting hosting, IOptions<JobOptions> options) : IStartupTask
{
    /// <summary>The stdio queue this process routes to, or null when it routes nothing (not the Functions app, or no queue configured).</summary>
    public string? StdioQueueName => hosting.Mode == HostingMode.FunctionsWorker && options.Value.StdioQueueName is { Length: > 0 } name ? name : null;

    /// <summary>True when the instances exist and none can be called without a stdio host (stdio, or registered by a worker).</summary>
    public static bool NeedsStdioHost(IReadOnlyCollection<InstanceDefinition> instances)
        => instances.Count > 0 && instances.All(i => i.Transport == InstanceTransports.Stdio || WorkerRegistration.IsRegisteredByWorker(i));

    /// <summary>Whether this process sends jobs of <paramref name="template"/> to the stdio queue.</summary>
    public bool RoutesToStdioQueue(string template)
        => StdioQueueName is not null && registry.Find(template) is { } state && NeedsStdioHost(state.Instances.Select(i => i.Definition).ToList());

    /// <summary>
    /// Creates the stdio queue (and its poison queue) when this process routes to it, and the reply queue a stdio host answers on
    /// (<see cref="JobOptions.ReplyQueueName"/>) when one is set.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (StdioQueueName is { } name)
        {
            await queues.Get(name).InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        if (options.Value.ReplyQueueName is { Length: > 0 } reply)
        {
            await queues.Get(reply).InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
