namespace McpGateway.Streaming;

/// <summary>Settings of the streaming endpoints (section <c>McpGateway:Streaming</c>).</summary>
public sealed class StreamingOptions
{
    public const string Section = "McpGateway:Streaming";

    /// <summary>Seconds between keep-alive comments on idle <c>/tools/{name}/stream</c> responses (the Functions proxy cuts streams idle for 240 s).</summary>
    public int KeepAliveSeconds { get; set; } = 15;
    /// <summary>Calls one WebSocket may have in flight at once.</summary>
    public int MaxCallsPerSocket { get; set; } = 16;
    /// <summary>Largest WebSocket message accepted, in bytes.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;
    /// <summary>Lifetime of client tokens minted by negotiate in Azure SignalR Service mode.</summary>
    public int ClientTokenMinutes { get; set; } = 60;
}
