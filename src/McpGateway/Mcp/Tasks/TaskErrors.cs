using System.Text.Json.Nodes;
using McpGateway.Jobs;
using ModelContextProtocol;

namespace McpGateway.Mcp.Tasks;

/// <summary>The JSON-RPC errors of tasks: protocol errors of the task methods, and a finished job's error as the call would have had it.</summary>
internal static class TaskErrors
{
    /// <summary>What the front door answers for a cancelled request.</summary>
    public const int RequestCancelled = -32800;

    /// <summary>Unknown, someone else's, or out of this endpoint's scope: one answer for all, so a task id says nothing about its existence.</summary>
    public static McpRequestException NotFound() => McpRequestException.InvalidParams("Failed to retrieve task: Task not found");

    public static McpRequestException AlreadyTerminal(string status)
        => McpRequestException.InvalidParams($"Cannot cancel task: already in terminal status '{status}'");

    /// <summary>2026-07-28: task methods need the extension declared on the request (-32021, naming it).</summary>
    public static McpRequestException MissingExtension(string method) => new(400, (int)McpErrorCode.MissingRequiredClientCapability,
        $"Missing required client capability: '{method}' needs the '{TaskProtocol.ExtensionId}' extension in _meta/{McpProtocol.MetaClientCapabilities}.",
        new JsonObject { ["requiredCapabilities"] = new JsonObject { ["extensions"] = new JsonObject { [TaskProtocol.ExtensionId] = new JsonObject() } } });

    /// <summary>
    /// The error a finished job's call ended with, as a direct <c>tools/call</c> through the front door would have answered:
    /// the upstream's own code and message, or the gateway's <c>-32000</c> with <c>may_have_executed</c>; a cancelled job has
    /// <c>-32800</c> (request cancelled).
    /// </summary>
    public static JsonObject JsonRpcError(JobRecord job)
    {
        var error = job.Error;
        if (job.Status == JobStatus.Cancelled)
        {
            return new JsonObject { ["code"] = RequestCancelled, ["message"] = error?.Detail ?? "The task was cancelled." };
        }
        if (error?.McpErrorCode is { } code)
        {
            return new JsonObject { ["code"] = code, ["message"] = error.Detail };
        }
        var data = new JsonObject { ["may_have_executed"] = error?.MayHaveExecuted ?? false };
        if (job.InstanceId is not null)
        {
            data["instance_id"] = job.InstanceId;
        }
        return new JsonObject
        {
            ["code"] = McpErrors.ServerError,
            ["message"] = error?.Detail ?? $"The job ended {job.Status}.",
            ["data"] = data,
        };
    }

    public static McpRequestException AsException(JsonObject error)
        => new(200, error["code"]!.GetValue<int>(), error["message"]!.GetValue<string>(), error["data"]);
}
