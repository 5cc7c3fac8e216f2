using System.Text.Json.Nodes;

namespace McpGateway.Jobs;

/// <summary>Something that happened to a job: <c>status</c>, <c>progress</c>, <c>result</c>, <c>error</c>, <c>done</c>.</summary>
public sealed record JobEvent(string JobId, string Type, JsonObject Data, string? Owner = null);

public static class JobEventTypes
{
    public const string Status = "status";
    public const string Progress = "progress";
    public const string Result = "result";
    public const string Error = "error";
    public const string Done = "done";
}
