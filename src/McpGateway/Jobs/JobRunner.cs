using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Routing;
using McpGateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpGateway.Jobs;

/// <summary>
/// Runs one delivery of a job message. The entry point for both the standalone background runner and a Functions
/// queue-trigger invocation. Delivery is at least once; the job record decides what a delivery means:
/// a terminal job is done; a running job whose lease expired was cut off and runs again only if its tool is
/// annotated readOnlyHint or idempotentHint, otherwise it ends <c>interrupted</c>.
/// </summary>
public sealed class JobRunner(
    IJobStore store,
    CallRouter router,
    JobNotifier notifier,
    ActiveJobs active,
    IOptions<JobOptions> options,
    TimeProvider time,
    ILogger<JobRunner> logger)
{
    private static readonly TimeSpan ProgressWriteInterval = TimeSpan.FromMilliseconds(250);

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
                return await FinishAsync(job, j => j with
                {
                    Status = JobStatus.Failed,
                    Error = new JobError(500, "Poison message",
                        $"The job was delivered {dequeueCount} times without finishing (limit {settings.MaxDequeueCount}); it was moved to the poison queue.", null, job.Status == JobStatus.Running),
                }, cancellationToken).ConfigureAwait(false) ? JobRunOutcome.Poison : JobRunOutcome.Completed;
            }
            if (job.Status == JobStatus.Running && !job.RetrySafe)
            {
                await FinishAsync(job, j => j with
                {
                    Status = JobStatus.Interrupted,
                    Error = new JobError(502, "Interrupted",
                        "The run was cut off (the process stopped or its lease expired) and the tool is not annotated readOnlyHint or idempotentHint, so it was not run again. It may have executed.",
                        null, true),
                }, cancellationToken).ConfigureAwait(false);
                return JobRunOutcome.Completed;
            }
            if (job.BatchId is not null && !await HasBatchCapacityAsync(job, cancellationToken).ConfigureAwait(false))
            {
                return JobRunOutcome.Deferred;
            }
            // Registered before the job shows as running, so a cancellation that sees it running always finds it here.
            var run = active.Start(job.Id, cancellationToken);
            JobRecord? running;
            try
            {
                running = await store.TryUpdateAsync(job with
                {
                    Status = JobStatus.Running,
                    Attempts = job.Attempts + 1,
                    StartedAt = job.StartedAt ?? now,
                    UpdatedAt = now,
                    LeaseUntil = now + lease,
                    Error = null,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                active.End(job.Id, run);
                throw;
            }
            if (running is null)
            {
                active.End(job.Id, run);
                continue; // changed under us (cancelled, or another runner): decide again
            }
            await notifier.StatusAsync(running).ConfigureAwait(false);
            return await ExecuteAsync(running, lease, run, cancellationToken).ConfigureAwait(false);
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
        await FinishAsync(job, j => j with
        {
            Status = JobStatus.Failed,
            Error = new JobError(500, "Poison message",
                $"The job was delivered {dequeueCount} times without finishing; the platform moved it to the poison queue.", null, j.Status == JobStatus.Running),
        }, cancellationToken).ConfigureAwait(false);
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

    private async Task<JobRunOutcome> ExecuteAsync(JobRecord job, TimeSpan lease, CancellationTokenSource run, CancellationToken cancellationToken)
    {
        var current = new CurrentJob(job);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(current, lease, run, heartbeatStop.Token);
        try
        {
            var parameters = new JsonObject { ["name"] = job.Tool, ["arguments"] = job.Arguments?.DeepClone() ?? new JsonObject() };
            var caller = job.Caller?.ToPrincipal() ?? JobCaller.Legacy(job);
            var routed = await router.SendAsync(caller, job.Template, "tools/call", parameters, update => OnProgress(current, update), run.Token).ConfigureAwait(false);
            await FlushProgressAsync(current, CancellationToken.None).ConfigureAwait(false);
            await FinishAsync(current.Record, j => j with { Status = JobStatus.Succeeded, Result = routed.Result, InstanceId = routed.InstanceId }, CancellationToken.None)
                .ConfigureAwait(false);
            return JobRunOutcome.Completed;
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Cancelled through the API: the record already says so; the router told the upstream (notifications/cancelled).
            return JobRunOutcome.Completed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // This process is stopping: leave the job running with its lease; redelivery decides (re-run or interrupted).
            throw;
        }
        catch (UpstreamException e) when (e.Kind == UpstreamFailureKind.NotReached)
        {
            await ReturnToQueueAsync(current, e, CancellationToken.None).ConfigureAwait(false);
            return JobRunOutcome.RetryLater;
        }
        catch (GatewayException e) when (e.Status == StatusCodes.Status503ServiceUnavailable)
        {
            await ReturnToQueueAsync(current, e, CancellationToken.None).ConfigureAwait(false);
            return JobRunOutcome.RetryLater;
        }
        catch (GatewayException e)
        {
            var upstream = e as UpstreamException;
            await FinishAsync(current.Record, j => j with
            {
                Status = JobStatus.Failed,
                InstanceId = upstream?.InstanceId ?? j.InstanceId,
                Error = new JobError(e.Status, e.Title, e.Message, upstream?.McpErrorCode,
                    upstream?.Kind is UpstreamFailureKind.MayHaveExecuted or UpstreamFailureKind.Timeout),
            }, CancellationToken.None).ConfigureAwait(false);
            return JobRunOutcome.Completed;
        }
        finally
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            active.End(job.Id, run);
        }
    }

    /// <summary>A transient failure (no instance reachable): the job goes back to <c>queued</c> and the message comes back later.</summary>
    private async Task ReturnToQueueAsync(CurrentJob current, GatewayException error, CancellationToken cancellationToken)
    {
        await UpdateAsync(current, j => JobStatus.IsTerminal(j.Status) ? null : j with
        {
            Status = JobStatus.Queued,
            LeaseUntil = null,
            Error = new JobError(error.Status, error.Title, error.Message, null, false),
        }, cancellationToken).ConfigureAwait(false);
    }

    private void OnProgress(CurrentJob current, ProgressUpdate update)
    {
        var progress = new JobProgress(update.Progress, update.Total, update.Message);
        lock (current)
        {
            current.PendingProgress = progress;
        }
        _ = notifier.ProgressAsync(current.Record, progress).AsTask();
        if (time.GetUtcNow() - current.LastProgressWrite >= ProgressWriteInterval)
        {
            _ = FlushProgressAsync(current, CancellationToken.None);
        }
    }

    private async Task FlushProgressAsync(CurrentJob current, CancellationToken cancellationToken)
    {
        JobProgress? progress;
        lock (current)
        {
            progress = current.PendingProgress;
            current.PendingProgress = null;
            current.LastProgressWrite = time.GetUtcNow();
        }
        if (progress is not null)
        {
            await UpdateAsync(current, j => j.Status == JobStatus.Running ? j with { Progress = progress } : null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Renews the job's lease while it runs and notices a cancellation made by another process.</summary>
    private async Task HeartbeatAsync(CurrentJob current, TimeSpan lease, CancellationTokenSource run, CancellationToken stop)
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(200).Ticks, lease.Ticks / 3));
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(period, time, stop).ConfigureAwait(false);
                var updated = await UpdateAsync(current, j => j.Status == JobStatus.Running
                    ? j with { LeaseUntil = time.GetUtcNow() + lease, UpdatedAt = time.GetUtcNow() }
                    : null, stop).ConfigureAwait(false);
                if (updated?.Status == JobStatus.Cancelled || current.Record.Status == JobStatus.Cancelled)
                {
                    await run.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Heartbeat of job {Job} failed.", current.Record.Id);
        }
    }

    /// <summary>Applies <paramref name="change"/> (null = leave as is) with optimistic concurrency, re-reading on conflicts.</summary>
    private async Task<JobRecord?> UpdateAsync(CurrentJob current, Func<JobRecord, JobRecord?> change, CancellationToken cancellationToken)
    {
        await current.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < 10; i++)
            {
                var next = change(current.Record);
                if (next is null)
                {
                    return current.Record;
                }
                var stored = await store.TryUpdateAsync(next, cancellationToken).ConfigureAwait(false);
                if (stored is not null)
                {
                    current.Record = stored;
                    return stored;
                }
                current.Record = await store.GetAsync(current.Record.Id, cancellationToken).ConfigureAwait(false) ?? current.Record;
            }
            return null;
        }
        finally
        {
            current.Gate.Release();
        }
    }

    /// <summary>Moves a job to a terminal state unless it already is in one (e.g. cancelled meanwhile). True when this call finished it.</summary>
    private async Task<bool> FinishAsync(JobRecord job, Func<JobRecord, JobRecord> change, CancellationToken cancellationToken)
    {
        var current = new CurrentJob(job);
        var finished = false;
        var stored = await UpdateAsync(current, j =>
        {
            if (JobStatus.IsTerminal(j.Status))
            {
                return null;
            }
            finished = true;
            var now = time.GetUtcNow();
            return change(j) with { FinishedAt = now, UpdatedAt = now, LeaseUntil = null };
        }, cancellationToken).ConfigureAwait(false);
        if (finished && stored is not null)
        {
            await notifier.StatusAsync(stored).ConfigureAwait(false);
        }
        return finished;
    }

    private async Task FinishAsync(CurrentJob current, Func<JobRecord, JobRecord> change, CancellationToken cancellationToken)
        => await FinishAsync(current.Record, change, cancellationToken).ConfigureAwait(false);

    private sealed class CurrentJob(JobRecord record)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public JobRecord Record { get; set; } = record;
        public JobProgress? PendingProgress { get; set; }
        public DateTimeOffset LastProgressWrite { get; set; }
    }
}
