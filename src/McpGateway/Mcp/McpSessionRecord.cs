using System.Text.Json.Nodes;

namespace McpGateway.Mcp;

/// <summary>
/// What a session is, kept in the shared store so that any gateway process can serve it: the target (a template name,
/// or <see cref="AggregateTarget"/>), the negotiated protocol version and what the client declared at initialize.
/// </summary>
public sealed record McpSessionRecord
{
    public const string AggregateTarget = "*";

    public required string Id { get; init; }
    public required string Target { get; init; }
    public required string ProtocolVersion { get; init; }
    public JsonObject? ClientCapabilities { get; init; }
    public JsonObject? ClientInfo { get; init; }
    /// <summary>The session needs upstream sessions of its own (server-to-client requests, logging, subscriptions).</summary>
    public bool Dedicated { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }

    public JsonObject ToJson() => new()
    {
        ["target"] = Target,
        ["protocolVersion"] = ProtocolVersion,
        ["clientCapabilities"] = ClientCapabilities?.DeepClone(),
        ["clientInfo"] = ClientInfo?.DeepClone(),
        ["dedicated"] = Dedicated,
    };

    public static McpSessionRecord FromJson(string id, JsonObject json, DateTimeOffset createdAt, DateTimeOffset lastSeenAt) => new()
    {
        Id = id,
        Target = json["target"]?.GetValue<string>() ?? AggregateTarget,
        ProtocolVersion = json["protocolVersion"]?.GetValue<string>() ?? McpProtocol.LatestSession,
        ClientCapabilities = json["clientCapabilities"] as JsonObject,
        ClientInfo = json["clientInfo"] as JsonObject,
        Dedicated = json["dedicated"]?.GetValue<bool>() ?? false,
        CreatedAt = createdAt,
        LastSeenAt = lastSeenAt,
    };
}
