namespace McpGateway.Mcp.Tasks;

/// <summary>Settings of MCP tasks on the front door, bound from <c>McpGateway:Mcp:Tasks</c>.</summary>
public sealed class TaskOptions
{
    public const string Section = "McpGateway:Mcp:Tasks";

    /// <summary>The polling interval suggested to clients (<c>pollInterval</c> / <c>pollIntervalMs</c>); also how often a blocked <c>tasks/result</c> re-reads the job.</summary>
    public int PollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Most tasks in one <c>tasks/list</c> page.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>When a 2026-07-28 client that declares the tasks extension gets a task for its <c>tools/call</c> (the server decides).</summary>
    public ServerDirectedTasks ServerDirected { get; set; } = ServerDirectedTasks.OnRequest;
}

/// <summary>The gateway's choice for 2026-07-28 <c>tools/call</c> requests of clients declaring <c>io.modelcontextprotocol/tasks</c>.</summary>
public enum ServerDirectedTasks
{
    /// <summary>Never: such calls are answered directly.</summary>
    Never,

    /// <summary>When the HTTP request carries <c>Prefer: respond-async</c> (as the REST surface's async calls).</summary>
    OnRequest,

    /// <summary>Every such call becomes a task.</summary>
    Always,
}
