using System.Text.Json.Nodes;
using McpGateway.Jobs;
using McpGateway.Registry;
using McpGateway.Security;
using Microsoft.Extensions.Options;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// A <c>tools/call</c> that becomes a task: a durable job of the caller (<see cref="JobService.SubmitAsync"/> authorizes the
/// template and tool), answered with the CreateTaskResult of the client's generation once the job is stored, so a
/// <c>tasks/get</c> for it resolves at once (SEP-2663's durability rule). The task id is the job id.
/// </summary>
internal sealed class CreateTaskHandler(
    JobService jobs,
    GatewayRegistry registry,
    ITemplateAccess access,
    TaskEventRelay relay,
    IOptions<TaskOptions> options,
    ILogger<CreateTaskHandler> logger)
{
    public async Task<JsonObject> CreateAsync(IMcpTarget target, JsonObject? parameters, McpCall call, TaskGeneration generation)
    {
        var (name, arguments) = TaskParams.ToolCall(parameters);
        var (template, tool) = Resolve(TaskScope.Of(target), name, call);
        var job = await jobs.SubmitAsync(call.Caller, template, tool, arguments, call.Cancellation).ConfigureAwait(false);
        logger.LogInformation("Task {Task} created for {Template}/{Tool} ({Generation}).", job.Id, template, LogSanitizer.Clean(tool), generation);
        var poll = options.Value.PollIntervalMilliseconds;
        if (generation == TaskGeneration.Extension)
        {
            var created = TaskView.Seed(job, poll);
            created["resultType"] = "task";
            return created;
        }
        if (call.Session is { } session)
        {
            relay.Track(job.Id, session, (parameters?["_meta"] as JsonObject)?["progressToken"]);
        }
        return new JsonObject
        {
            ["task"] = TaskView.Legacy(job, poll),
            ["_meta"] = new JsonObject
            {
                [TaskProtocol.ImmediateResponseMeta] = $"The tool '{name}' is running as task {job.Id}; its result will be available when the task completes.",
            },
        };
    }

    /// <summary>The template and tool: the endpoint's template, or on <c>/mcp</c> the namespaced name's.</summary>
    private (string Template, string Tool) Resolve(TaskScope scope, string name, McpCall call)
    {
        if (scope.Template is { } template)
        {
            return (template, name);
        }
        if (!Namespacing.TrySplitName(name, out template, out var tool))
        {
            throw McpRequestException.InvalidParams($"Unknown tool '{name}': names here are '{{template}}{Namespacing.Separator}{{name}}'.");
        }
        if (registry.Find(template) is null || !access.CanUseTemplate(call.Caller, template))
        {
            throw McpRequestException.InvalidParams($"Unknown template '{template}'.");
        }
        return (template, tool);
    }
}
