using System.Text.Json.Nodes;
using McpGateway.Routing;
using Microsoft.Extensions.Options;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// The front door's tasks, over the gateway's durable jobs, for both generations: which <c>tools/call</c> becomes a task,
/// and the <c>tasks/*</c> methods (answered by the gateway, never forwarded: a task id is a job id).
/// </summary>
internal sealed class McpTasks(
    CreateTaskHandler create,
    GetTaskHandler get,
    TaskResultHandler result,
    ListTasksHandler list,
    CancelTaskHandler cancel,
    UpdateTaskHandler update,
    CallRouter router,
    IOptions<TaskOptions> options)
{
    /// <summary>
    /// A <c>tools/call</c>: a task when a 2025-11-25 client asks for one (<c>params.task</c>) or when the gateway decides to
    /// give a 2026-07-28 client that declares the extension one (<see cref="TaskOptions.ServerDirected"/>); otherwise the
    /// target serves it, without the <c>task</c> member (ignored by every other version).
    /// A tool its upstream runs only as a task (<c>taskSupport: "required"</c>, passed through in 2025-11-25 <c>tools/list</c>):
    /// a 2025-11-25 call without <c>task</c> is <c>-32601</c>, as that spec requires of a server whose tool says so; a 2026-07-28
    /// request that declares the extension always gets a task (unless server-directed tasks are off); any other call is bridged
    /// by the router and waited for, within the request timeout.
    /// </summary>
    public async Task<JsonNode?> CallToolAsync(IMcpTarget target, JsonObject? parameters, McpCall call)
    {
        var generation = TaskNegotiation.Of(call, parameters);
        var requestsTask = generation == TaskGeneration.Legacy && TaskParams.RequestsTask(parameters);
        if (generation == TaskGeneration.Legacy && !requestsTask && RequiresTask(target, parameters) is { } tool)
        {
            throw new McpRequestException(200, -32601,
                $"Tool '{tool}' requires task augmentation (taskSupport: 'required'): call it with a 'task' member.");
        }
        if (requestsTask
            || generation == TaskGeneration.Extension && (ServerDirects(call)
                || options.Value.ServerDirected != ServerDirectedTasks.Never && RequiresTask(target, parameters) is not null))
        {
            return await create.CreateAsync(target, parameters, call, generation).ConfigureAwait(false);
        }
        return await target.HandleAsync("tools/call", WithoutTaskMember(parameters), call).ConfigureAwait(false);
    }

    public async Task<JsonNode?> HandleAsync(IMcpTarget target, string method, JsonObject? parameters, McpCall call)
    {
        var generation = TaskNegotiation.Of(call, parameters);
        var scope = TaskScope.Of(target);
        return (generation, method) switch
        {
            (TaskGeneration.Legacy, TaskProtocol.Get) or (TaskGeneration.Extension, TaskProtocol.Get)
                => await get.GetAsync(parameters, scope, call, generation).ConfigureAwait(false),
            (TaskGeneration.Legacy, TaskProtocol.Cancel) or (TaskGeneration.Extension, TaskProtocol.Cancel)
                => await cancel.CancelAsync(parameters, scope, call, generation).ConfigureAwait(false),
            (TaskGeneration.Legacy, TaskProtocol.Result) => await result.GetAsync(parameters, scope, call).ConfigureAwait(false),
            (TaskGeneration.Legacy, TaskProtocol.List) => await list.ListAsync(parameters, scope, call).ConfigureAwait(false),
            (TaskGeneration.Extension, TaskProtocol.Update) => await update.UpdateAsync(parameters, scope, call).ConfigureAwait(false),
            (TaskGeneration.None, TaskProtocol.Get or TaskProtocol.Cancel or TaskProtocol.Update) when call.IsStateless
                => throw TaskErrors.MissingExtension(method),
            _ => throw McpRequestException.MethodNotFound(method),
        };
    }

    /// <summary>The tool's name as the client knows it when its upstream requires a task (as far as the router has learnt), else null.</summary>
    private string? RequiresTask(IMcpTarget target, JsonObject? parameters)
    {
        if (parameters?["name"] is not JsonValue value || !value.TryGetValue<string>(out var name))
        {
            return null;
        }
        if (TaskScope.Of(target).Template is { } template)
        {
            return router.RequiresTask(template, name) ? name : null;
        }
        return Namespacing.TrySplitName(name, out var owner, out var tool) && router.RequiresTask(owner, tool) ? name : null;
    }

    private bool ServerDirects(McpCall call) => options.Value.ServerDirected switch
    {
        ServerDirectedTasks.Always => true,
        ServerDirectedTasks.OnRequest => call.PrefersAsync,
        _ => false,
    };

    private static JsonObject? WithoutTaskMember(JsonObject? parameters)
    {
        if (parameters is null || !parameters.ContainsKey(TaskProtocol.TaskParam))
        {
            return parameters;
        }
        var copy = (JsonObject)parameters.DeepClone();
        copy.Remove(TaskProtocol.TaskParam);
        return copy;
    }
}
