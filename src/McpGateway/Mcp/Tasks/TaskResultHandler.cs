using System.Text.Json.Nodes;
using McpGateway.Jobs;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// 2025-11-25 <c>tasks/result</c>: blocks until the task is terminal, then answers exactly what the <c>tools/call</c> would
/// have (its result, with the related-task <c>_meta</c>, or its JSON-RPC error).
/// </summary>
internal sealed class TaskResultHandler(TaskLookup lookup, TaskWaiter waiter)
{
    public async Task<JsonObject> GetAsync(JsonObject? parameters, TaskScope scope, McpCall call)
    {
        var job = await lookup.FindAsync(TaskParams.TaskId(parameters), scope, call).ConfigureAwait(false);
        job = await waiter.UntilTerminalAsync(job, call.Cancellation).ConfigureAwait(false);
        if (job.Status != JobStatus.Succeeded)
        {
            throw TaskErrors.AsException(TaskErrors.JsonRpcError(job));
        }
        var result = job.Result?.DeepClone() as JsonObject ?? new JsonObject();
        if (result["_meta"] is not JsonObject meta)
        {
            result["_meta"] = meta = [];
        }
        meta[TaskProtocol.RelatedTaskMeta] = new JsonObject { ["taskId"] = job.Id };
        return result;
    }
}
