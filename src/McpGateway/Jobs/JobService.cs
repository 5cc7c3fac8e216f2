using System.Security.Claims;
using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Registry;
using McpGateway.Routing;
using McpGateway.Security;
using Microsoft.Extensions.Options;

namespace McpGateway.Jobs;

/// <summary>
/// Submits, cancels, reads and fans out jobs. A submission is complete once the record is stored and the
/// <see cref="IJobEngine"/> (the queue standalone, Durable Functions in the Functions app) has started it.
/// </summary>
public sealed class JobService(
    IJobStore store,
    JobRouting routing,
    GatewayRegistry registry,
    CallRouter router,
    UpstreamAuthorization authorization,
    JobNotifier notifier,
    IJobEngine engine,
    IOptions<JobOptions> options,
    TimeProvider time,
    ILogger<JobService> logger)
{
    /// <summary>Queues one tool call as a job of <paramref name="caller"/>, who must be allowed to call it now and when it runs.</summary>
    public async Task<JobRecord> SubmitAsync(ClaimsPrincipal caller, string template, string tool, JsonObject? arguments, CancellationToken cancellationToken)
    {
        registry.Get(template);
        authorization.DemandTemplate(caller, template);
        authorization.DemandTool(caller, template, tool);
        var job = await NewJobAsync(caller, template, tool, arguments, batchId: null, cancellationToken).ConfigureAwait(false);
        await store.CreateAsync(job, cancellationToken).ConfigureAwait(false);
        await engine.StartAsync(job, cancellationToken).ConfigureAwait(false);
        return (await store.GetAsync(job.Id, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Fans calls out as jobs of <paramref name="caller"/>; every call is authorized before any is queued.</summary>
    public async Task<(BatchRecord Batch, IReadOnlyList<JobRecord> Jobs)> SubmitBatchAsync(ClaimsPrincipal caller, string template,
        IReadOnlyList<(string Tool, JsonObject? Arguments)> calls, int maxParallel, CancellationToken cancellationToken)
    {
        registry.Get(template);
        authorization.DemandTemplate(caller, template);
        var limit = options.Value.MaxBatchSize;
        if (calls.Count == 0 || calls.Count > limit)
        {
            throw GatewayException.BadRequest("Invalid batch", $"'calls' must hold 1 to {limit} calls.");
        }
        if (maxParallel < 0)
        {
            throw GatewayException.BadRequest("Invalid batch", "'max_parallel' must be 0 (no limit) or more.");
        }
        foreach (var (tool, _) in calls)
        {
            authorization.DemandTool(caller, template, tool);
        }
        var batchId = "b_" + Guid.NewGuid().ToString("N");
        var jobs = new List<JobRecord>(calls.Count);
        foreach (var (tool, arguments) in calls)
        {
            jobs.Add(await NewJobAsync(caller, template, tool, arguments, batchId, cancellationToken).ConfigureAwait(false));
        }
        var batch = new BatchRecord
        {
            Id = batchId,
            Template = template,
            JobIds = jobs.Select(j => j.Id).ToList(),
            MaxParallel = maxParallel,
            CreatedAt = time.GetUtcNow(),
            Owner = OwnerAccess.OwnerOf(caller),
        };
        await store.CreateBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        foreach (var job in jobs)
        {
            await store.CreateAsync(job, cancellationToken).ConfigureAwait(false);
        }
        await engine.StartBatchAsync(batch, jobs, cancellationToken).ConfigureAwait(false);
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
                Error = JobErrors.Cancelled(job.Status == JobStatus.Running),
            }, cancellationToken).ConfigureAwait(false);
            if (cancelled is not null)
            {
                await engine.CancelAsync(cancelled, cancellationToken).ConfigureAwait(false);
                await notifier.StatusAsync(cancelled).ConfigureAwait(false);
                logger.LogInformation("Job {Job} cancelled.", id);
                return cancelled;
            }
        }
        throw GatewayException.Conflict("Job busy", $"Job '{id}' kept changing; try again.");
    }

    /// <summary>Jobs newest first, filtered as <paramref name="query"/> says (callers apply <see cref="OwnerAccess"/>); an invalid continuation token is an <see cref="ArgumentException"/>.</summary>
    public Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken)
        => store.ListAsync(query, cancellationToken);

    /// <summary>The job once it ended, or as it is when <paramref name="wait"/> ran out (it may run elsewhere: its record is read).</summary>
    public async Task<JobRecord> WaitAsync(string id, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var job = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            var left = deadline - time.GetUtcNow();
            if (JobStatus.IsTerminal(job.Status) || left <= TimeSpan.Zero)
            {
                return job;
            }
            await Task.Delay(left < WaitPoll ? left : WaitPoll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan WaitPoll = TimeSpan.FromMilliseconds(250);

    public async Task<JobRecord> GetAsync(string id, CancellationToken cancellationToken)
        => await engine.ReadAsync(await store.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw GatewayException.NotFound("Unknown job", $"No job '{id}'."), cancellationToken).ConfigureAwait(false);

    private async Task<JobRecord> NewJobAsync(ClaimsPrincipal caller, string template, string tool, JsonObject? arguments, string? batchId,
        CancellationToken cancellationToken)
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
            Owner = OwnerAccess.OwnerOf(caller),
            Caller = JobCaller.From(caller),
            RetrySafe = retrySafe,
        };
    }
}
