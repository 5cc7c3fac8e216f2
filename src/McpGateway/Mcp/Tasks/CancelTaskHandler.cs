using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Jobs;
using Microsoft.Extensions.Options;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// <c>tasks/cancel</c> through <see cref="JobService.CancelAsync"/> (the upstream gets <c>notifications/cancelled</c>).
/// 2025-11-25 answers the cancelled task and refuses a terminal one with <c>-32602</c>; the extension only acknowledges
/// (cancellation there is cooperative, and a task that already ended stays as it ended).
/// </summary>
internal sealed class CancelTaskHandler(JobService jobs, TaskLookup lookup, IOptions<TaskOptions> options)
{
    public async Task<JsonObject> CancelAsync(JsonObject? parameters, TaskScope scope, McpCall call, TaskGeneration generation)
    {
        var job = await lookup.FindAsync(TaskParams.TaskId(parameters), scope, call).ConfigureAwait(false);
        if (generation == TaskGeneration.Extension)
        {
            await TryCancelAsync(job, call.Cancellation).ConfigureAwait(false);
            return new JsonObject();
        }
        RefuseTerminal(job);
        job = await TryCancelAsync(job, call.Cancellation).ConfigureAwait(false);
        RefuseTerminal(job, allowCancelled: true);
        return TaskView.Legacy(job, options.Value.PollIntervalMilliseconds);
    }

    /// <summary>Cancels a job that has not ended; a job that ended meanwhile is returned as it ended.</summary>
    private async Task<JobRecord> TryCancelAsync(JobRecord job, CancellationToken cancellationToken)
    {
        if (JobStatus.IsTerminal(job.Status))
        {
            return job;
        }
        try
        {
            return await jobs.CancelAsync(job.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (GatewayException e) when (e.Status == StatusCodes.Status409Conflict)
        {
            return await jobs.GetAsync(job.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void RefuseTerminal(JobRecord job, bool allowCancelled = false)
    {
        if (JobStatus.IsTerminal(job.Status) && !(allowCancelled && job.Status == JobStatus.Cancelled))
        {
            throw TaskErrors.AlreadyTerminal(TaskStatusMap.StatusOf(job, TaskGeneration.Legacy));
        }
    }
}
