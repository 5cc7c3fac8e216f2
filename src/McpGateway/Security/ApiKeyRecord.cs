namespace McpGateway.Security;

/// <summary>
/// A stored API key: the SHA-256 of the key (hex), never the key. <see cref="Id"/> is the visible part of the key
/// (<c>mgw_{id}_...</c>) and the lookup key. Null <see cref="Templates"/>/<see cref="Tools"/> mean no restriction.
/// </summary>
public sealed record ApiKeyRecord
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    /// <summary>The owner's name, for display (a user name, or the name of the credential that created the key).</summary>
    public required string Owner { get; init; }
    /// <summary>
    /// The owner's principal id (<see cref="GatewayIdentity.PrincipalId"/>: <c>user:ana</c>, <c>static_key:api-key</c>,
    /// <c>first_start:admin</c>, ...): what ownership checks and the rate limiter compare. Keys stored before this existed
    /// are read as <see cref="LegacyOwnerId"/> of their <see cref="Owner"/>.
    /// </summary>
    public required string OwnerId { get; init; }
    public required string Role { get; init; }
    public required string Hash { get; init; }
    public IReadOnlyList<string>? Templates { get; init; }
    /// <summary>Entries <c>template/tool</c>, <c>template/*</c> or a bare tool name (any allowed template).</summary>
    public IReadOnlyList<string>? Tools { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    /// <summary>Requests per rate-limit window for this key; null uses the gateway's <c>API_RATE_LIMIT</c>.</summary>
    public int? RateLimit { get; init; }

    public string Prefix => ApiKeys.Prefix + Id;

    /// <summary>The principal id of a key stored with a bare owner name (before owner ids): that user's.</summary>
    public static string LegacyOwnerId(string owner) => PrincipalKinds.UserPrincipal(owner);

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
