using McpGateway.Api;
using McpGateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpGateway.Jobs;

/// <summary>
/// Runs one delivery of a job message: the queue engine of the standalone server (its background runner) and of the stdio
/// Container Apps job. Delivery is at least once; the job record decides what a delivery means: a terminal job is done; a
/// running job whose lease expired was cut off and runs again only if its tool is annotated readOnlyHint or idempotentHint,
/// otherwise it ends <c>interrupted</c>. The run itself is <see cref="JobExecution"/>'s.
/// </summary>
public sealed class JobRunner(
    IJobStore store,
    JobExecution execution,
    IOptions<JobOptions> options,
    TimeProvider time,
    ILogger<JobRunner> logger)
{
    public async Task<JobRunOutcome> RunAsync(string messageText, int dequeueCount, CancellationToken cancellationToken)
    {
        if (JobMessage.TryParse(messageText) is not { } message)
        {
            logger.LogWarning("Dropping a job message that is not a job reference.");
            return JobRunOutcome.Completed;
        }
        var settings = options.Value;
        var lease = TimeSpan.FromSeconds(settings.VisibilityTimeoutSeconds);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var job = await store.GetAsync(message.JobId, cancellationToken).ConfigureAwait(false);
            if (job is null || JobStatus.IsTerminal(job.Status))
            {
                return JobRunOutcome.Completed;
            }
            var now = time.GetUtcNow();
            if (job.Status == JobStatus.Running && job.LeaseUntil > now)
            {
                return JobRunOutcome.Deferred; // another runner holds it
            }
            if (dequeueCount > settings.MaxDequeueCount)
            {
                return await execution.FinishAsync(job, j => j with
                {
                    Status = JobStatus.Failed,
                    Error = new JobError(500, "Poison message",
                        $"The job was delivered {dequeueCount} times without finishing (limit {settings.MaxDequeueCount}); it was moved to the poison queue.", null, job.Status == JobStatus.Running),
                }, cancellationToken).ConfigureAwait(false) is not null ? JobRunOutcome.Poison : JobRunOutcome.Completed;
            }
            if (job.Status == JobStatus.Running && !job.RetrySafe)
            {
                await execution.FinishAsync(job, j => j with { Status = JobStatus.Interrupted, Error = JobErrors.Interrupted() }, cancellationToken)
                    .ConfigureAwait(false);
                return JobRunOutcome.Completed;
            }
            if (job.BatchId is not null && !await HasBatchCapacityAsync(job, cancellationToken).ConfigureAwait(false))
            {
                return JobRunOutcome.Deferred;
            }
            if (await execution.ClaimAsync(job, lease, cancellationToken).ConfigureAwait(false) is not { } claim)
            {
                continue; // changed under us (cancelled, or another runner): decide again
            }
            return await SettleAsync(await execution.CallAsync(claim, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }
        return JobRunOutcome.Deferred;
    }

    /// <summary>How long a deferred job waits before its fresh message becomes visible.</summary>
    public static TimeSpan DeferDelay { get; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The platform gives up on this message (it moves it to the poison queue itself): fail the job unless it already ended.
    /// </summary>
    public async Task MarkPoisonedAsync(string messageText, int dequeueCount, CancellationToken cancellationToken)
    {
        if (JobMessage.TryParse(messageText) is not { } message
            || await store.GetAsync(message.JobId, cancellationToken).ConfigureAwait(false) is not { } job)
        {
            return;
        }
        await execution.FinishAsync(job, j => j with
        {
            Status = JobStatus.Failed,
            Error = new JobError(500, "Poison message",
                $"The job was delivered {dequeueCount} times without finishing; the platform moved it to the poison queue.", null, j.Status == JobStatus.Running),
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The queue's meaning of a failure: nothing reached (no instance, unreachable) goes back to <c>queued</c> for a later
    /// delivery; anything else ends the job <c>failed</c>.
    /// </summary>
    private async Task<JobRunOutcome> SettleAsync(JobCallResult call)
    {
        switch (call.Failure)
        {
            case null:
                return JobRunOutcome.Completed;
            case var failure when failure is UpstreamException { Kind: UpstreamFailureKind.NotReached } || failure.Status == StatusCodes.Status503ServiceUnavailable:
                await execution.UpdateAsync(call.Record, j => JobStatus.IsTerminal(j.Status) ? null : j with
                {
                    Status = JobStatus.Queued,
                    LeaseUntil = null,
                    Error = new JobError(call.Failure.Status, call.Failure.Title, call.Failure.Message, null, false),
                }, CancellationToken.None).ConfigureAwait(false);
                return JobRunOutcome.RetryLater;
            default:
                await execution.FinishAsync(call.Record, j => j with
                {
                    Status = JobStatus.Failed,
                    InstanceId = (call.Failure as UpstreamException)?.InstanceId ?? j.InstanceId,
                    Error = JobErrors.From(call.Failure),
                }, CancellationToken.None).ConfigureAwait(false);
                return JobRunOutcome.Completed;
        }
    }

    private async Task<bool> HasBatchCapacityAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var batch = await store.GetBatchAsync(job.BatchId!, cancellationToken).ConfigureAwait(false);
        if (batch is null || batch.MaxParallel <= 0)
        {
            return true;
        }
        var now = time.GetUtcNow();
        var page = await store.ListAsync(new JobQuery(Status: JobStatus.Running, BatchId: job.BatchId, Limit: batch.MaxParallel + 1), cancellationToken).ConfigureAwait(false);
        return page.Jobs.Count(j => j.LeaseUntil > now) < batch.MaxParallel;
    }
}
