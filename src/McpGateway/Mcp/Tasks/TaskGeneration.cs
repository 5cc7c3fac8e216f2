namespace McpGateway.Mcp.Tasks;

/// <summary>Which tasks a request may use.</summary>
internal enum TaskGeneration
{
    /// <summary>None: a 2025 session before 2025-11-25, or a 2026-07-28 request that does not declare the extension.</summary>
    None,

    /// <summary>The 2025-11-25 experimental core capability (the session negotiated 2025-11-25).</summary>
    Legacy,

    /// <summary>The 2026-07-28 extension <c>io.modelcontextprotocol/tasks</c>, declared in the request's client capabilities.</summary>
    Extension,
}
