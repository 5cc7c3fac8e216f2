namespace McpGateway.Jobs;

/// <summary>
/// What runs the jobs <see cref="JobService"/> stored: the queue engine of the standalone server (<see cref="QueueJobEngine"/>:
/// a message per job on <c>McpGateway:Jobs:QueueName</c>, the background runner) or Durable Functions in the Functions app
/// (an orchestration per job and per batch). The job record in <see cref="IJobStore"/> is the job's visible state under both.
/// </summary>
public interface IJobEngine
{
    /// <summary>Starts a stored job.</summary>
    Task StartAsync(JobRecord job, CancellationToken cancellationToken);

    /// <summary>Starts the stored jobs of a stored batch, at most <see cref="BatchRecord.MaxParallel"/> at once (0: no limit of the batch's own).</summary>
    Task StartBatchAsync(BatchRecord batch, IReadOnlyList<JobRecord> jobs, CancellationToken cancellationToken);

    /// <summary>Stops a job whose record now says <c>cancelled</c>: its call is cancelled (the upstream gets <c>notifications/cancelled</c>).</summary>
    Task CancelAsync(JobRecord cancelled, CancellationToken cancellationToken);

    /// <summary>The job as a reader sees it: the stored record, brought up to date with what the engine knows and the record does not yet say.</summary>
    Task<JobRecord> ReadAsync(JobRecord stored, CancellationToken cancellationToken);
}
