namespace McpGateway.Jobs;

/// <summary>
/// The queue engine: a message per job on the queue <see cref="JobRouting"/> picks (the stdio queue for templates only a stdio
/// host can run), received by <see cref="JobWorker"/> (or the stdio Container Apps job) and run by <see cref="JobRunner"/>.
/// A cancellation stops the call at once when it runs in this process, otherwise at the runner's next heartbeat.
/// </summary>
public sealed class QueueJobEngine(JobRouting routing, ActiveJobs active, JobSignal signal) : IJobEngine
{
    public async Task StartAsync(JobRecord job, CancellationToken cancellationToken)
    {
        await routing.QueueFor(job.Template).EnqueueAsync(new JobMessage(job.Id).Serialize(), cancellationToken: cancellationToken).ConfigureAwait(false);
        signal.Wake();
    }

    public async Task StartBatchAsync(BatchRecord batch, IReadOnlyList<JobRecord> jobs, CancellationToken cancellationToken)
    {
        var queue = routing.QueueFor(batch.Template);
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
