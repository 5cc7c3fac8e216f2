using System.Text.Json.Nodes;

namespace McpGateway.Mcp;

/// <summary>
/// What a session is, kept in the shared store so that any gateway process can serve it: the target (a template name,
/// or <see cref="AggregateTarget"/>), the negotiated protocol version, what the client declared at initialize, and the
/// principal that owns it.
/// </summary>
public sealed record McpSessionRecord
{
    public const string AggregateTarget = "*";

    public required string Id { get; init; }
    public required string Target { get; init; }
    public required string ProtocolVersion { get; init; }
    /// <summary>
    /// The principal that initialized the session (<see cref="Security.GatewayIdentity.PrincipalId"/>); only it may use or
    /// end the session. Null on a record written before sessions had owners: nobody owns it, so nobody can use it (404).
    /// </summary>
    public string? Owner { get; init; }
    public JsonObject? ClientCapabilities { get; init; }
    public JsonObject? ClientInfo { get; init; }
    /// <summary>The session needs upstream sessions of its own (server-to-client requests, logging, subscriptions).</summary>
    public bool Dedicated { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }

    /// <summary>Whether <paramref name="principal"/> owns the session (a record without owner belongs to nobody).</summary>
    public bool IsOwnedBy(string? principal) => Owner is not null && string.Equals(Owner, principal, StringComparison.Ordinal);

    public JsonObject ToJson() => new()
    {
        ["target"] = Target,
        ["protocolVersion"] = ProtocolVersion,
        ["owner"] = Owner,
        ["clientCapabilities"] = ClientCapabilities?.DeepClone(),
        ["clientInfo"] = ClientInfo?.DeepClone(),
        ["dedicated"] = Dedicated,
    };

    public static McpSessionRecord FromJson(string id, JsonObject json, DateTimeOffset createdAt, DateTimeOffset lastSeenAt) => new()
    {
        Id = id,
        Target = json["target"]?.GetValue<string>() ?? AggregateTarget,
        ProtocolVersion = json["protocolVersion"]?.GetValue<string>() ?? McpProtocol.LatestSession,
        Owner = json["owner"] is JsonValue owner && owner.TryGetValue<string>(out var principal) ? principal : null,
        ClientCapabilities = json["clientCapabilities"] as JsonObject,
        ClientInfo = json["clientInfo"] as JsonObject,
        Dedicated = json["dedicated"]?.GetValue<bool>() ?? false,
        CreatedAt = createdAt,
        LastSeenAt = lastSeenAt,
    };
}
