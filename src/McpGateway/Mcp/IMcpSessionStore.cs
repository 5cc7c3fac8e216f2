namespace McpGateway.Mcp;

/// <summary>Sessions of the MCP front door, shared by every gateway process that uses the same store.</summary>
public interface IMcpSessionStore
{
    Task InitializeAsync(CancellationToken cancellationToken = default);

    Task CreateAsync(McpSessionRecord session, CancellationToken cancellationToken = default);

    Task<McpSessionRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Records activity (and the dedicated flag, which only ever turns on).</summary>
    Task TouchAsync(string id, DateTimeOffset seenAt, bool dedicated, CancellationToken cancellationToken = default);

    /// <summary>Ends a session; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leaves the client's answer (a JSON-RPC response or error, as text) to a server-to-client request that another
    /// process relayed and waits for; ending the session discards answers nobody took.
    /// </summary>
    Task PostAnswerAsync(string sessionId, string requestId, string message, CancellationToken cancellationToken = default);

    /// <summary>Takes (reads and removes) the answer left for a relayed request; null when none is there. Only one taker gets it.</summary>
    Task<string?> TakeAnswerAsync(string sessionId, string requestId, CancellationToken cancellationToken = default);

    /// <summary>Ends sessions idle since before <paramref name="idleSince"/>; returns their ids.</summary>
    Task<IReadOnlyList<string>> DeleteIdleAsync(DateTimeOffset idleSince, CancellationToken cancellationToken = default);
}
