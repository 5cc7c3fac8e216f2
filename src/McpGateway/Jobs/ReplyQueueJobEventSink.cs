using McpGateway.Hosting;
using Microsoft.Extensions.Options;

namespace McpGateway.Jobs;

/// <summary>
/// Posts <c>{"job_id"}</c> to <see cref="JobOptions.ReplyQueueName"/> when a job ends here (its <c>done</c> event), so the Functions
/// app's orchestration waiting for a job it queued for a stdio host resumes at once. Does nothing without that setting, nor in the
/// Functions app itself (it reads that queue; the jobs it runs end their own orchestrations).
/// </summary>
public sealed class ReplyQueueJobEventSink(IJobQueues queues, GatewayHosting hosting, IOptions<JobOptions> options) : IJobEventSink
{
    public async ValueTask PublishAsync(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        if (jobEvent.Type == JobEventTypes.Done && hosting.Mode != HostingMode.FunctionsWorker && options.Value.ReplyQueueName is { Length: > 0 } name)
        {
            await queues.Get(name).EnqueueAsync(new JobMessage(jobEvent.JobId).Serialize(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
