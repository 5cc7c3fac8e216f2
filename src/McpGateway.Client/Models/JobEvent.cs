using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Client;

/// <summary>
/// One server-sent event of a job: <c>status</c>, <c>progress</c>, <c>result</c>, <c>error</c> or <c>done</c> (always last).
/// </summary>
/// <param name="Type">The event type; see <see cref="JobEventTypes"/>.</param>
/// <param name="Data">The event's JSON data.</param>
public sealed record JobEvent(string Type, JsonObject Data)
{
    /// <summary>For <c>status</c> and <c>done</c>: the job's status.</summary>
    public string? Status => Data["status"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>For <c>progress</c>: the reported progress.</summary>
    public JobProgress? Progress => Type == JobEventTypes.Progress ? Data.Deserialize<JobProgress>() : null;

    /// <summary>For <c>result</c>: the tool's result.</summary>
    public CallToolResult? Result => Type == JobEventTypes.Result && Data["result"] is { } r
        ? r.Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions)
        : null;

    /// <summary>For <c>error</c>: why the job failed.</summary>
    public JobError? Error => Type == JobEventTypes.Error ? Data.Deserialize<JobError>() : null;
}

/// <summary>The types of <see cref="JobEvent"/>.</summary>
public static class JobEventTypes
{
    /// <summary>The job's status changed (also sent first).</summary>
    public const string Status = "status";
    /// <summary>The tool reported progress.</summary>
    public const string Progress = "progress";
    /// <summary>The job succeeded; <c>data.result</c> is the <c>CallToolResult</c>.</summary>
    public const string Result = "result";
    /// <summary>The job failed; data is a <see cref="JobError"/>.</summary>
    public const string Error = "error";
    /// <summary>The last event: the job is finished.</summary>
    public const string Done = "done";
}
