using System.Text.Json.Nodes;
using McpGateway.Routing;
using McpGateway.Upstreams;

namespace McpGateway.Jobs;

/// <summary>
/// One run of a job's tool call against its stored record, shared by both job engines (the queue runner,
/// <see cref="JobRunner"/>, and the Durable <c>CallTool</c> activity of the Functions app): claiming the record
/// (<c>running</c>, one more attempt, a lease), the call through the <see cref="CallRouter"/> as the job's caller, progress
/// relayed to the job's events and record, a heartbeat that renews the lease and notices a cancellation made by another
/// process (which cancels the call, so the upstream gets <c>notifications/cancelled</c>, or <c>tasks/cancel</c> for a call bridged to an
/// upstream task), and terminal updates that never
/// overwrite a job that already ended. Each engine decides what a failure means (retry, return to the queue, fail).
/// </summary>
public sealed class JobExecution(
    IJobStore store,
    CallRouter router,
    JobNotifier notifier,
    ActiveJobs active,
    TimeProvider time,
    ILogger<JobExecution> logger)
{
    private static readonly TimeSpan ProgressWriteInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Marks <paramref name="job"/> running (attempt + 1, lease until now + <paramref name="lease"/>) and registers it as active
    /// here. Null when the record changed under us (cancelled, or claimed by another runner): the caller decides again.
    /// </summary>
    public async Task<JobClaim?> ClaimAsync(JobRecord job, TimeSpan lease, CancellationToken cancellationToken)
    {
        // Registered before the job shows as running, so a cancellation that sees it running always finds it here.
        var run = active.Start(job.Id, cancellationToken);
        JobRecord? running;
        try
        {
            var now = time.GetUtcNow();
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
            return null;
        }
        await notifier.StatusAsync(running).ConfigureAwait(false);
        return new JobClaim(running, lease, run);
    }

    /// <summary>
    /// Sends the claimed job's tools/call. Success ends the job <c>succeeded</c> with the result. A failure is returned with the
    /// record as it is now (still <c>running</c>), for the engine to settle. A job ended elsewhere (cancelled through the API, timed
    /// out) stops the call and returns <see cref="JobCallResult.EndedElsewhere"/>; this process stopping throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<JobCallResult> CallAsync(JobClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var job = claim.Record;
        var current = new CurrentJob(job);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(current, claim.Lease, claim.Run, heartbeatStop.Token);
        try
        {
            var parameters = new JsonObject { ["name"] = job.Tool, ["arguments"] = job.Arguments?.DeepClone() ?? new JsonObject() };
            var caller = JobCaller.Of(job).ToPrincipal();
            // A tool the upstream runs only as a task is followed to its end however long it takes (until the job is cancelled,
            // which cancels the upstream task too), not bounded by the request timeout.
            var routed = await router.SendAsync(caller, job.Template, "tools/call", parameters, update => OnProgress(current, update),
                CallRouter.UntilCancelled, claim.Run.Token).ConfigureAwait(false);
            await FlushProgressAsync(current, CancellationToken.None).ConfigureAwait(false);
            var finished = await FinishAsync(current.Record, j => j with { Status = JobStatus.Succeeded, Result = routed.Result, InstanceId = routed.InstanceId },
                CancellationToken.None).ConfigureAwait(false);
            return new JobCallResult(finished ?? current.Record, null, EndedElsewhere: false);
        }
        catch (OperationCanceledException) when (claim.Run.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Cancelled through the API: the record already says so; the router told the upstream (notifications/cancelled).
            return new JobCallResult(current.Record, null, EndedElsewhere: true);
        }
        catch (Api.GatewayException e)
        {
            return new JobCallResult(current.Record, e, EndedElsewhere: false);
        }
        finally
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            active.End(job.Id, claim.Run);
        }
    }

    /// <summary>
    /// Moves a job to a terminal state unless it already is in one (e.g. cancelled meanwhile), with optimistic concurrency.
    /// Returns the stored record when this call finished it, null when it had already ended.
    /// </summary>
    public async Task<JobRecord?> FinishAsync(JobRecord job, Func<JobRecord, JobRecord> change, CancellationToken cancellationToken)
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
            return stored;
        }
        return null;
    }

    /// <summary>Applies <paramref name="change"/> (null = leave as is) to the stored job, re-reading on conflicts.</summary>
    public Task<JobRecord?> UpdateAsync(JobRecord job, Func<JobRecord, JobRecord?> change, CancellationToken cancellationToken)
        => UpdateAsync(new CurrentJob(job), change, cancellationToken);

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

    /// <summary>Renews the job's lease while it runs and notices the job ended elsewhere (a cancellation made by another process, a timeout).</summary>
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
                // Ended by someone else (cancelled through the API, or timed out by the Durable orchestration): stop the call.
                if ((updated is not null && JobStatus.IsTerminal(updated.Status)) || JobStatus.IsTerminal(current.Record.Status))
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

    private sealed class CurrentJob(JobRecord record)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public JobRecord Record { get; set; } = record;
        public JobProgress? PendingProgress { get; set; }
        public DateTimeOffset LastProgressWrite { get; set; }
    }
}

/// <summary>A job this process claimed: its running record, the lease it holds, and the run's cancellation (API cancel or stop).</summary>
public sealed record JobClaim(JobRecord Record, TimeSpan Lease, CancellationTokenSource Run);

/// <summary>
/// How a call of a claimed job ended: <see cref="Failure"/> null and the record <c>succeeded</c> (or ended meanwhile), a gateway or
/// upstream failure for the engine to settle, or stopped because the job ended elsewhere (cancelled through the API, timed out).
/// </summary>
public sealed record JobCallResult(JobRecord Record, Api.GatewayException? Failure, bool EndedElsewhere);
