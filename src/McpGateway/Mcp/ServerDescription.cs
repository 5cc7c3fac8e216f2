using System.Text.Json.Nodes;

namespace McpGateway.Mcp;

/// <summary>What initialize and server/discover report: capabilities, implementation info and instructions.</summary>
internal sealed record ServerDescription(JsonObject Capabilities, JsonObject ServerInfo, string? Instructions);
