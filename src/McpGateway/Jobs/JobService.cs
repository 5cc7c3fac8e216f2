using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Registry;
using McpGateway.Routing;
using Microsoft.Extensions.Options;

namespace McpGateway.Jobs;

/// <summary>
/// Submits, cancels and fans out jobs. A submission is complete once the record is stored and the message queued, on the queue
/// <see cref="JobRouting"/> picks for the template.
/// </summary>
public sealed class JobService(
    IJobStore store,
    JobRouting routing,
    GatewayRegistry registry,
    CallRouter router,
    JobNotifier notifier,
    ActiveJobs active,
    JobSignal signal,
    IOptions<JobOptions> options,
    TimeProvider time,
    ILogger<JobService> logger)
{
    public async Task<JobRecord> SubmitAsync(string template, string tool, JsonObject? arguments, string? owner, CancellationToken cancellationToken)
    {
        registry.Get(template);
        var job = await NewJobAsync(template, tool, arguments, owner, batchId: null, cancellationToken).ConfigureAwait(false);
        await store.CreateAsync(job, cancellationToken).ConfigureAwait(false);
        await routing.QueueFor(template).EnqueueAsync(new JobMessage(job.Id).Serialize(), cancellationToken: cancellationToken).ConfigureAwait(false);
        signal.Wake();
        return (await store.GetAsync(job.Id, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<(BatchRecord Batch, IReadOnlyList<JobRecord> Jobs)> SubmitBatchAsync(string template, IReadOnlyList<(string Tool, JsonObject? Arguments)> calls,
        int maxParallel, string? owner, CancellationToken cancellationToken)
    {
        registry.Get(template);
        var limit = options.Value.MaxBatchSize;
        if (calls.Count == 0 || calls.Count > limit)
        {
            throw GatewayException.BadRequest("Invalid batch", $"'calls' must hold 1 to {limit} calls.");
        }
        if (maxParallel < 0)
        {
            throw GatewayException.BadRequest("Invalid batch", "'max_parallel' must be 0 (no limit) or more.");
        }
        var batchId = "b_" + Guid.NewGuid().ToString("N");
        var jobs = new List<JobRecord>(calls.Count);
        foreach (var (tool, arguments) in calls)
        {
            jobs.Add(await NewJobAsync(template, tool, arguments, owner, batchId, cancellationToken).ConfigureAwait(false));
        }
        var batch = new BatchRecord
        {
            Id = batchId,
            Template = template,
            JobIds = jobs.Select(j => j.Id).ToList(),
            MaxParallel = maxParallel,
            CreatedAt = time.GetUtcNow(),
            Owner = owner,
        };
        await store.CreateBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        var queue = routing.QueueFor(template);
        foreach (var job in jobs)
        {
            await store.CreateAsync(job, cancellationToken).ConfigureAwait(false);
            await queue.EnqueueAsync(new JobMessage(job.Id).Serialize(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        signal.Wake();
        return (batch, jobs);
    }

    /// <summary>Cancels a job that has not finished; the upstream gets notifications/cancelled if it is running here or elsewhere (within a heartbeat).</summary>
    public async Task<JobRecord> CancelAsync(string id, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 10; i++)
        {
            var job = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (JobStatus.IsTerminal(job.Status))
            {
                throw GatewayException.Conflict("Job already finished", $"Job '{id}' is {job.Status}; only queued or running jobs can be cancelled.");
            }
            var now = time.GetUtcNow();
            var cancelled = await store.TryUpdateAsync(job with
            {
                Status = JobStatus.Cancelled,
                FinishedAt = now,
                UpdatedAt = now,
                LeaseUntil = null,
                Error = new JobError(499, "Cancelled", "The job was cancelled by a client.", null, job.Status == JobStatus.Running),
            }, cancellationToken).ConfigureAwait(false);
            if (cancelled is not null)
            {
                active.Cancel(id);
                await notifier.StatusAsync(cancelled).ConfigureAwait(false);
                logger.LogInformation("Job {Job} cancelled.", id);
                return cancelled;
            }
        }
        throw GatewayException.Conflict("Job busy", $"Job '{id}' kept changing; try again.");
    }

    public async Task<JobRecord> GetAsync(string id, CancellationToken cancellationToken)
        => await store.GetAsync(id, cancellationToken).ConfigureAwait(false)
           ?? throw GatewayException.NotFound("Unknown job", $"No job '{id}'.");

    private async Task<JobRecord> NewJobAsync(string template, string tool, JsonObject? arguments, string? owner, string? batchId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(tool))
        {
            throw GatewayException.BadRequest("Missing 'name'", "Each call needs 'name': the tool to call.");
        }
        var retrySafe = false; // unknown: treat as unsafe
        // A job for the stdio queue runs elsewhere: this process cannot reach its instances to learn the tool's annotations (asking
        // would start stdio processes here or call a worker's internal address), so it is recorded as not safe to re-run.
        if (!routing.RoutesToStdioQueue(template))
        {
            try
            {
                retrySafe = await router.IsToolRetrySafeAsync(template, tool, cancellationToken).ConfigureAwait(false);
            }
            catch (GatewayException)
            {
            }
        }
        var now = time.GetUtcNow();
        return new JobRecord
        {
            Id = "j_" + Guid.NewGuid().ToString("N"),
            Template = template,
            Tool = tool,
            Arguments = arguments,
            Status = JobStatus.Queued,
            CreatedAt = now,
            UpdatedAt = now,
            BatchId = batchId,
            Owner = owner,
            RetrySafe = retrySafe,
        };
    }
}
