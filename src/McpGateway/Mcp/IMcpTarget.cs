using System.Text.Json.Nodes;

namespace McpGateway.Mcp;

/// <summary>What an MCP endpoint fronts: one template, or every template the caller may see.</summary>
internal interface IMcpTarget
{
    /// <summary><see cref="McpSessionRecord.Target"/> of sessions on this endpoint.</summary>
    string Name { get; }

    Task<ServerDescription> DescribeAsync(McpCall call);

    /// <summary>Serves a request the front door does not answer itself; returns the JSON-RPC result.</summary>
    Task<JsonNode?> HandleAsync(string method, JsonObject? parameters, McpCall call);

    /// <summary>Forwards a client notification (roots/list_changed) to the upstream sessions of the call's session.</summary>
    Task NotifyAsync(string method, JsonObject? parameters, McpCall call);
}
