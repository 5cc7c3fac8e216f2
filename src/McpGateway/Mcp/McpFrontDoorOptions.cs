namespace McpGateway.Mcp;

/// <summary>Settings of the MCP front door, bound from <c>McpGateway:Mcp</c>.</summary>
public sealed class McpFrontDoorOptions
{
    public const string Section = "McpGateway:Mcp";

    /// <summary>A session nobody used for this long is ended and its upstream sessions closed.</summary>
    public int SessionIdleSeconds { get; set; } = 1800;

    /// <summary>
    /// How long this process serves a session it has checked without reading the store again. Bounds how late an end
    /// recorded by another process (DELETE, expiry) is seen here; 0 reads the store on every request.
    /// </summary>
    public int SessionRevalidateMilliseconds { get; set; } = 1000;

    /// <summary>
    /// While a server-to-client request (sampling, elicitation, roots) relayed by this process waits, how often it looks in
    /// the store for the client's answer sent to another gateway process.
    /// </summary>
    public int AnswerPollMilliseconds { get; set; } = 200;

    /// <summary>How often abandoned sessions are looked for.</summary>
    public int ReapIntervalSeconds { get; set; } = 60;

    /// <summary>Browser origins allowed besides the gateway's own host (and, on a loopback bind, localhost).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Table holding the sessions when the store is <c>tables</c>.</summary>
    public string SessionTableName { get; set; } = "mcpgatewaysessions";
}
