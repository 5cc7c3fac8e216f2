using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams;

/// <summary>
/// Sees every message an upstream sends, in arrival order and before the MCP client handles it. The MCP front door
/// uses it to relay progress and log notifications and server-to-client requests to the downstream client: since a
/// notification is seen before the response that follows it is handed to the client, nothing arrives after its result.
/// </summary>
public interface IUpstreamMessageTap
{
    /// <summary>Returns true when the message was consumed and the MCP client must not see it.</summary>
    /// <param name="message">The message as received.</param>
    /// <param name="upstream">The upstream transport, for answering a server-to-client request.</param>
    bool OnMessage(JsonRpcMessage message, ITransport upstream);
}
