using McpGateway.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpGateway.Functions.Jobs;

/// <summary>
/// The Functions side of jobs: the orchestrator functions (thin wrappers, so the Functions app and the in-process test host run
/// the same <see cref="ToolCallOrchestrator"/> and <see cref="ToolBatchOrchestrator"/>) and their activities. <c>CallTool</c> runs
/// one attempt through <see cref="JobExecution"/> (the job's record, the router as the job's caller, progress, heartbeat) and turns
/// failures into outcomes; <c>FinishJob</c> writes the orchestration's verdict to the record.
/// <para>
/// Activities run at least once: the host runs one again when the process running it died. The record is the guard: an attempt
/// the record shows as started already ran (or may have) — for a tool that is not retry-safe it is not sent again and the job ends
/// <c>interrupted</c> (may have executed); a success is written to the record inside the attempt, so a re-run finds it there.
/// </para>
/// </summary>
public sealed class ToolCallFunctions(IJobStore store, JobExecution execution, IJobQueues queues, IOptions<JobOptions> jobOptions,
    ILogger<ToolCallFunctions> logger)
{
    [Function(ToolCallOrchestrator.Name)]
    public static Task<ToolCallJobResult> RunOrchestratorAsync([OrchestrationTrigger] TaskOrchestrationContext context)
        => new ToolCallOrchestrator().RunAsync(context, context.GetInput<ToolCallJobInput>()
            ?? throw new InvalidOperationException("ToolCallOrchestrator needs a ToolCallJobInput."));

    [Function(ToolBatchOrchestrator.Name)]
    public static Task<ToolBatchProgress> RunBatchOrchestratorAsync([OrchestrationTrigger] TaskOrchestrationContext context)
        => new ToolBatchOrchestrator().RunAsync(context, context.GetInput<ToolBatchInput>()
            ?? throw new InvalidOperationException("ToolBatchOrchestrator needs a ToolBatchInput."));

    [Function(ToolCallOrchestrator.CallToolActivity)]
    public async Task<ToolCallOutcome> CallToolAsync([ActivityTrigger] ToolCallAttempt request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lease = TimeSpan.FromSeconds(jobOptions.Value.VisibilityTimeoutSeconds);
        for (var i = 0; i < 5; i++)
        {
            var job = await store.GetAsync(request.JobId, cancellationToken);
            if (job is null)
            {
                return ToolCallOutcome.Failure(ToolCallFailureKinds.Final, new JobError(404, "Unknown job", $"No job '{request.JobId}'.", null, false));
            }
            if (JobStatus.IsTerminal(job.Status))
            {
                return Ended(job);
            }
            if (job.Attempts >= request.Attempt && !job.RetrySafe)
            {
                logger.LogWarning("Job {Job} attempt {Attempt} ran before (the process running it stopped); not sent again.", job.Id, request.Attempt);
                return ToolCallOutcome.Failure(ToolCallFailureKinds.Interrupted, JobErrors.Interrupted());
            }
            if (await execution.ClaimAsync(job, lease, cancellationToken) is not { } claim)
            {
                continue; // changed under us (cancelled meanwhile): decide again
            }
            var call = await execution.CallAsync(claim, cancellationToken);
            return call.Failure is { } failure ? ToolCallOutcome.From(failure) : Ended(call.Record);
        }
        return ToolCallOutcome.Failure(ToolCallFailureKinds.NotReached,
            new JobError(409, "Job busy", $"Job '{request.JobId}' kept changing while this attempt started.", null, false));
    }

    [Function(ToolCallOrchestrator.FinishJobActivity)]
    public async Task FinishJobAsync([ActivityTrigger] JobFinish finish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finish);
        if (await store.GetAsync(finish.JobId, cancellationToken) is { } job && !JobStatus.IsTerminal(job.Status))
        {
            await execution.FinishAsync(job, j => DurableJobRecords.Apply(j, finish.Result), cancellationToken);
        }
    }

    /// <summary>Queues a job for the stdio host (the Container Apps job); its queue runner ignores a second message of a job it ran.</summary>
    [Function(ToolCallOrchestrator.QueueStdioCallActivity)]
    public async Task QueueStdioCallAsync([ActivityTrigger] StdioCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        await queues.Get(call.Queue).EnqueueAsync(new JobMessage(call.JobId).Serialize(), cancellationToken: cancellationToken);
    }

    /// <summary>The verdict of a job's record once it ended, else null.</summary>
    [Function(ToolCallOrchestrator.ReadJobActivity)]
    public async Task<ToolCallJobResult?> ReadJobAsync([ActivityTrigger] string jobId, CancellationToken cancellationToken)
        => await store.GetAsync(jobId, cancellationToken) is { } job ? DurableJobRecords.ResultOf(job) : null;

    /// <summary>A job whose record ended: its success (written by an earlier run of this attempt) or the reason it ended.</summary>
    private static ToolCallOutcome Ended(JobRecord job) => job.Status == JobStatus.Succeeded
        ? ToolCallOutcome.Success(job.Result?.ToJsonString() ?? "null")
        : ToolCallOutcome.Failure(ToolCallFailureKinds.Ended, job.Error ?? JobErrors.Cancelled(mayHaveExecuted: false));
}
