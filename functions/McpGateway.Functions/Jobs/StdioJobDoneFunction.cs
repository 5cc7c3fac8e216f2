using McpGateway.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace McpGateway.Functions.Jobs;

/// <summary>
/// The stdio host's replies: a run of the stdio Container Apps job posts <c>{"job_id"}</c> to the reply queue (app setting
/// <c>StdioReplyQueueName</c>, the same queue as the gateway's <c>McpGateway:Jobs:ReplyQueueName</c>) when a job it ran ends; this
/// function raises that job's <c>stdio-done</c> event with the verdict its record holds, so the waiting orchestration ends at once.
/// A reply for a job that has not ended, or whose orchestration is no longer running, changes nothing.
/// </summary>
public sealed class StdioJobDoneFunction(IJobStore store, ILogger<StdioJobDoneFunction> logger)
{
    [Function("StdioJobDone")]
    public async Task RunAsync([QueueTrigger("%StdioReplyQueueName%")] string message, [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        if (JobMessage.TryParse(message) is not { } reply
            || await store.GetAsync(reply.JobId, cancellationToken) is not { } job
            || DurableJobRecords.ResultOf(job) is not { } result)
        {
            logger.LogWarning("Ignoring a stdio reply that names no ended job.");
            return;
        }
        if (await client.GetInstanceAsync(job.Id, getInputsAndOutputs: false, cancellationToken) is { IsRunning: true })
        {
            await client.RaiseEventAsync(job.Id, ToolCallOrchestrator.StdioDoneEvent, result, cancellationToken);
        }
    }
}
