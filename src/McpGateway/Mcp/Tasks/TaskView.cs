using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway.Jobs;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// A job as a task object, in each generation's shape. Jobs are kept until an operator removes them, so the TTL is
/// <c>null</c> (unlimited) whatever the client asked for (the spec lets the receiver override it).
/// </summary>
internal static class TaskView
{
    /// <summary>The 2025-11-25 <c>Task</c>: <c>ttl</c> and <c>pollInterval</c>; results come from <c>tasks/result</c>.</summary>
    public static JsonObject Legacy(JobRecord job, int pollIntervalMs)
    {
        var task = Common(job, TaskGeneration.Legacy);
        task["ttl"] = null;
        task["pollInterval"] = pollIntervalMs;
        return task;
    }

    /// <summary>
    /// The extension's <c>DetailedTask</c>: <c>ttlMs</c> and <c>pollIntervalMs</c>, with the result (shaped as a direct
    /// <c>tools/call</c> of this client would be) or the JSON-RPC error inline once terminal.
    /// </summary>
    public static JsonObject Detailed(JobRecord job, int pollIntervalMs, string protocolVersion)
    {
        var task = Seed(job, pollIntervalMs);
        switch (task["status"]!.GetValue<string>())
        {
            case TaskProtocol.Completed:
                task["result"] = ResultShaper.Shape(job.Result?.DeepClone() ?? new JsonObject(), "tools/call", protocolVersion, McpDispatcher.GatewayInfo);
                break;
            case TaskProtocol.Failed:
                task["error"] = TaskErrors.JsonRpcError(job);
                break;
        }
        return task;
    }

    /// <summary>The extension's <c>Task</c> without status payload (a CreateTaskResult's seed state).</summary>
    public static JsonObject Seed(JobRecord job, int pollIntervalMs)
    {
        var task = Common(job, TaskGeneration.Extension);
        task["ttlMs"] = null;
        task["pollIntervalMs"] = pollIntervalMs;
        return task;
    }

    private static JsonObject Common(JobRecord job, TaskGeneration generation)
    {
        var task = new JsonObject
        {
            ["taskId"] = job.Id,
            ["status"] = TaskStatusMap.StatusOf(job, generation),
        };
        if (TaskStatusMap.MessageOf(job) is { } message)
        {
            task["statusMessage"] = message;
        }
        task["createdAt"] = Timestamp(job.CreatedAt);
        task["lastUpdatedAt"] = Timestamp(job.UpdatedAt > job.CreatedAt ? job.UpdatedAt : job.CreatedAt);
        return task;
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
