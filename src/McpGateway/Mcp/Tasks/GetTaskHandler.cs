using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace McpGateway.Mcp.Tasks;

/// <summary><c>tasks/get</c>: the task's state; in the extension with its result or error inline once terminal.</summary>
internal sealed class GetTaskHandler(TaskLookup lookup, IOptions<TaskOptions> options)
{
    public async Task<JsonObject> GetAsync(JsonObject? parameters, TaskScope scope, McpCall call, TaskGeneration generation)
    {
        var job = await lookup.FindAsync(TaskParams.TaskId(parameters), scope, call).ConfigureAwait(false);
        var poll = options.Value.PollIntervalMilliseconds;
        return generation == TaskGeneration.Extension ? TaskView.Detailed(job, poll, call.ProtocolVersion) : TaskView.Legacy(job, poll);
    }
}
