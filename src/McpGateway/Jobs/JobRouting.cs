using McpGateway.Hosting;
using McpGateway.Registry;
using McpGateway.Worker;
using Microsoft.Extensions.Options;

namespace McpGateway.Jobs;

/// <summary>
/// The one rule for which queue a job goes to, applied when a job is submitted (<see cref="JobService"/>) and again when the
/// Functions app's job runner receives one from the main queue (<see cref="RerouteAsync"/>, called by <see cref="JobWorker"/>).
/// <para>
/// Only a process that cannot run stdio servers routes: the isolated-worker Functions app (<see cref="HostingMode.FunctionsWorker"/>),
/// with <c>McpGateway:Jobs:StdioQueueName</c> set.
/// There a job goes to the stdio queue when its template has instances and <b>every</b> instance needs a stdio host: a stdio
/// instance, or an HTTP instance registered by a worker (metadata <c>worker</c>; the worker app has internal ingress only, which
/// the function app cannot reach). Any other HTTP instance keeps the job on the main queue, where the router reaches that
/// instance. A template without instances stays on the main queue (nothing says where it runs; the next delivery decides again).
/// Health plays no part: the queue follows what is registered, not what answers right now.
/// </para>
/// Everywhere else (standalone, worker, drain) every job goes to <c>McpGateway:Jobs:QueueName</c>.
/// </summary>
public sealed class JobRouting(GatewayRegistry registry, IJobStore store, IJobQueue queue, IJobQueues queues, GatewayHosting hosting,
    IOptions<JobOptions> options, ILogger<JobRouting> logger) : IStartupTask
{
    /// <summary>The stdio queue this process routes to, or null when it routes nothing (not the Functions app, or no queue configured).</summary>
    public string? StdioQueueName => hosting.Mode == HostingMode.FunctionsWorker && options.Value.StdioQueueName is { Length: > 0 } name ? name : null;

    /// <summary>True when the instances exist and none can be called without a stdio host (stdio, or registered by a worker).</summary>
    public static bool NeedsStdioHost(IReadOnlyCollection<InstanceDefinition> instances)
        => instances.Count > 0 && instances.All(i => i.Transport == InstanceTransports.Stdio || WorkerRegistration.IsRegisteredByWorker(i));

    /// <summary>Whether this process sends jobs of <paramref name="template"/> to the stdio queue.</summary>
    public bool RoutesToStdioQueue(string template)
        => StdioQueueName is not null && registry.Find(template) is { } state && NeedsStdioHost(state.Instances.Select(i => i.Definition).ToList());

    /// <summary>The queue a new job of <paramref name="template"/> goes to.</summary>
    public IJobQueue QueueFor(string template) => RoutesToStdioQueue(template) ? queues.Get(StdioQueueName!) : queue;

    /// <summary>
    /// For a message the main queue delivered: if its job has not ended and belongs on the stdio queue, sends the message there and
    /// returns true (the delivery is then done). False when the job is unknown or ended (the runner settles it) or runs here.
    /// </summary>
    public async Task<bool> RerouteAsync(string messageText, CancellationToken cancellationToken)
    {
        if (StdioQueueName is not { } stdio || JobMessage.TryParse(messageText) is not { } message)
        {
            return false;
        }
        var job = await store.GetAsync(message.JobId, cancellationToken).ConfigureAwait(false);
        if (job is null || JobStatus.IsTerminal(job.Status) || !RoutesToStdioQueue(job.Template))
        {
            return false;
        }
        await queues.Get(stdio).EnqueueAsync(messageText, cancellationToken: cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Job {Job} of template {Template} needs a stdio host; re-routed to queue {Queue}.", job.Id, job.Template, stdio);
        return true;
    }

    /// <summary>Creates the stdio queue (and its poison queue) when this process routes to it.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
        => StdioQueueName is { } name ? queues.Get(name).InitializeAsync(cancellationToken) : Task.CompletedTask;
}
