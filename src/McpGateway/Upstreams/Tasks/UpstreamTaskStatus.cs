using System.Text.Json.Nodes;

namespace McpGateway.Upstreams.Tasks;

/// <summary>A 2025-11-25 task as an upstream reports it (<c>CreateTaskResult.task</c> or a <c>tasks/get</c> result).</summary>
internal sealed record UpstreamTaskStatus(string TaskId, string Status, string? StatusMessage, TimeSpan? PollInterval)
{
    public const string Working = "working";
    public const string InputRequired = "input_required";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public bool IsTerminal => Status is Completed or Failed or Cancelled;

    /// <summary>Reads a task object; null when it has no string <c>taskId</c> and <c>status</c>.</summary>
    public static UpstreamTaskStatus? Read(JsonNode? node)
    {
        if (node is not JsonObject task || !TryString(task["taskId"], out var id) || !TryString(task["status"], out var status))
        {
            return null;
        }
        TryString(task["statusMessage"], out var message);
        TimeSpan? poll = task["pollInterval"] is JsonValue p && p.TryGetValue<double>(out var ms) && ms >= 0 ? TimeSpan.FromMilliseconds(ms) : null;
        return new UpstreamTaskStatus(id!, status!, message, poll);
    }

    private static bool TryString(JsonNode? node, out string? value)
    {
        value = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return value is not null;
    }
}
