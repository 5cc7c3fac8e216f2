using System.Text.Json.Nodes;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// 2026-07-28 <c>tasks/update</c>: acknowledged for a task the caller may see. The gateway's tasks never ask for input
/// (no <c>inputRequests</c> are ever outstanding), so every response is one the spec says to ignore.
/// </summary>
internal sealed class UpdateTaskHandler(TaskLookup lookup)
{
    public async Task<JsonObject> UpdateAsync(JsonObject? parameters, TaskScope scope, McpCall call)
    {
        var taskId = TaskParams.TaskId(parameters);
        TaskParams.RequireInputResponses(parameters);
        await lookup.FindAsync(taskId, scope, call).ConfigureAwait(false);
        return new JsonObject();
    }
}
