using McpGateway.Jobs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpGateway.Functions.Jobs;

/// <summary>
/// Durable Functions as the job engine of the Functions app: a job is a <see cref="ToolCallOrchestrator"/> whose instance id is the
/// job id, a batch a <see cref="ToolBatchOrchestrator"/> whose instance id is the batch id. The job's record stays its visible state
/// (the activities write it); a read also asks the orchestration, so a verdict the record does not show yet (the orchestration
/// ended without its <c>FinishJob</c> step, e.g. it failed) is written to the record and answered.
/// </summary>
public sealed class DurableJobEngine(
    DurableClients clients,
    JobRouting routing,
    JobExecution execution,
    ActiveJobs active,
    IOptions<DurableJobOptions> options,
    ILogger<DurableJobEngine> logger) : IJobEngine
{
    public async Task StartAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await clients.Current.ScheduleNewOrchestrationInstanceAsync(ToolCallOrchestrator.Name, InputOf(job),
            new StartOrchestrationOptions(job.Id), cancellationToken).ConfigureAwait(false);
    }

    public async Task StartBatchAsync(BatchRecord batch, IReadOnlyList<JobRecord> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(jobs);
        var settings = options.Value;
        var cap = batch.MaxParallel > 0 ? Math.Min(batch.MaxParallel, settings.MaxBatchParallel) : settings.MaxBatchParallel;
        var input = new ToolBatchInput(batch.Id, jobs.Select(InputOf).ToList(), cap);
        await clients.Current.ScheduleNewOrchestrationInstanceAsync(ToolBatchOrchestrator.Name, input, new StartOrchestrationOptions(batch.Id), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>A job's orchestration input; a template only a stdio host can run goes to the stdio queue (<see cref="JobRouting"/>).</summary>
    private ToolCallJobInput InputOf(JobRecord job)
        => ToolCallJobInput.From(job, options.Value, routing.RoutesToStdioQueue(job.Template) ? routing.StdioQueueName : null);

    /// <summary>
    /// Stops the call at once if this worker runs it (otherwise the activity's heartbeat sees the record cancelled within a third of
    /// the lease), and ends the orchestration through its <c>cancel</c> event. A batch item whose orchestration has not started yet
    /// has nothing to receive the event; when it starts, its activity finds the record cancelled and ends it.
    /// </summary>
    public async Task CancelAsync(JobRecord cancelled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cancelled);
        active.Cancel(cancelled.Id);
        var client = clients.Current;
        if (await client.GetInstanceAsync(cancelled.Id, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is { IsRunning: true } or { RuntimeStatus: OrchestrationRuntimeStatus.Pending })
        {
            await client.RaiseEventAsync(cancelled.Id, ToolCallOrchestrator.CancelEvent, "cancelled", cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<JobRecord> ReadAsync(JobRecord stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (JobStatus.IsTerminal(stored.Status))
        {
            return stored;
        }
        var instance = await clients.Current.GetInstanceAsync(stored.Id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        var verdict = instance?.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed => instance.ReadOutputAs<ToolCallJobResult>(),
            OrchestrationRuntimeStatus.Failed => new ToolCallJobResult(ToolCallJobStatus.Failed, null,
                new JobError(500, "Job failed", $"The job's orchestration failed: {instance.FailureDetails?.ErrorMessage}", null, stored.Status == JobStatus.Running),
                stored.Attempts),
            OrchestrationRuntimeStatus.Terminated => new ToolCallJobResult(ToolCallJobStatus.Cancelled, null,
                new JobError(499, "Cancelled", "The job's orchestration was terminated.", null, stored.Status == JobStatus.Running), stored.Attempts),
            _ => null,
        };
        if (verdict is null)
        {
            return stored;
        }
        logger.LogInformation("Job {Job}: its orchestration ended {Status} before its record said so; recording it.", stored.Id, instance!.RuntimeStatus);
        return await execution.FinishAsync(stored, j => DurableJobRecords.Apply(j, verdict), cancellationToken).ConfigureAwait(false) ?? stored;
    }
}
