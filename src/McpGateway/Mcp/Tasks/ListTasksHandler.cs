using System.Text.Json.Nodes;
using McpGateway.Jobs;
using McpGateway.Security;
using Microsoft.Extensions.Options;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// 2025-11-25 <c>tasks/list</c>: the caller's tasks on this endpoint, newest first, cursor paged; exactly the tasks
/// <c>tasks/get</c> would find for the caller (an admin's list, like <c>GET /gateway/jobs</c>, has everyone's).
/// </summary>
internal sealed class ListTasksHandler(JobService jobs, TaskLookup lookup, IOptions<TaskOptions> options)
{
    public async Task<JsonObject> ListAsync(JsonObject? parameters, TaskScope scope, McpCall call)
    {
        var cursor = TaskParams.Cursor(parameters);
        JobPage page;
        try
        {
            page = await jobs.ListAsync(new JobQuery(Template: scope.Template, Owner: OwnerAccess.ListFilter(call.Caller),
                Limit: options.Value.PageSize, ContinuationToken: cursor), call.Cancellation).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            throw McpRequestException.InvalidParams("Invalid params: 'cursor' is not a cursor this server returned as 'nextCursor'.");
        }
        var poll = options.Value.PollIntervalMilliseconds;
        var result = new JsonObject
        {
            ["tasks"] = new JsonArray([.. page.Jobs.Where(j => lookup.IsVisible(j, scope, call)).Select(j => (JsonNode)TaskView.Legacy(j, poll))]),
        };
        if (page.ContinuationToken is { } next)
        {
            result["nextCursor"] = next;
        }
        return result;
    }
}
