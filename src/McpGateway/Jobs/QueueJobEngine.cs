namespace McpGateway.Jobs;

/// <summary>
/// The queue engine of the standalone server: a message per job on <c>McpGateway:Jobs:QueueName</c>, received by
/// <see cref="JobWorker"/> (or a drain run) and run by <see cref="JobRunner"/>.
/// A cancellation stops the call at once when it runs in this process, otherwise at the runner's next heartbeat.
/// </summary>
public sealed class QueueJobEngine(IJobQueue queue, ActiveJobs active, JobSignal signal) : IJobEngine
{
    public async Task StartAsync(JobRecord job, CancellationToken cancellationToken)
    {
        await queue.EnqueueAsync(new JobMessage(job.Id).Serialize(), cancellationToken: cancellationToken).ConfigureAwait(false);
        signal.Wake();
    }

    public async Task StartBatchAsync(BatchRecord batch, IReadOnlyList<JobRecord> jobs, CancellationToken cancellationToken)
    {
        foreach (var job in jobs)
        {
            await queue.EnqueueAsync(new JobMessage(job.Id).Serialize(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        signal.Wake();
    }

    public Task CancelAsync(JobRecord cancelled, CancellationToken cancellationToken)
    {
        active.Cancel(cancelled.Id);
        return Task.CompletedTask;
    }

    public Task<JobRecord> ReadAsync(JobRecord stored, CancellationToken cancellationToken) => Task.FromResult(stored);
}
