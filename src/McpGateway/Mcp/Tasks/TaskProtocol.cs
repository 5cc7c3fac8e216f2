namespace McpGateway.Mcp.Tasks;

/// <summary>Names of MCP tasks in both generations: the 2025-11-25 experimental core capability and the 2026 extension (SEP-2663).</summary>
internal static class TaskProtocol
{
    /// <summary>The 2026-07-28 extension's identifier, in <c>capabilities.extensions</c> on both sides.</summary>
    public const string ExtensionId = "io.modelcontextprotocol/tasks";

    /// <summary>The only protocol version with the experimental core capability.</summary>
    public const string LegacyVersion = "2025-11-25";

    public const string Get = "tasks/get";
    public const string Result = "tasks/result";
    public const string List = "tasks/list";
    public const string Cancel = "tasks/cancel";
    public const string Update = "tasks/update";

    /// <summary>2025-11-25: a task's status changed (the full task as params).</summary>
    public const string StatusNotification = "notifications/tasks/status";

    /// <summary>The <c>_meta</c> key tying a message to its task (2025-11-25).</summary>
    public const string RelatedTaskMeta = "io.modelcontextprotocol/related-task";

    /// <summary>The <c>_meta</c> key of a CreateTaskResult with text a host may give the model at once (2025-11-25).</summary>
    public const string ImmediateResponseMeta = "io.modelcontextprotocol/model-immediate-response";

    /// <summary>The 2025-11-25 request member that asks for a task.</summary>
    public const string TaskParam = "task";

    public const string Working = "working";
    public const string InputRequired = "input_required";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>The methods the gateway answers itself: the task namespace is the gateway's (the task ids are its job ids).</summary>
    public static bool IsTaskMethod(string? method) => method is not null && method.StartsWith("tasks/", StringComparison.Ordinal);

    public static bool IsTerminal(string status) => status is Completed or Failed or Cancelled;
}
