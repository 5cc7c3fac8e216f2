using System.Text.Json.Serialization;

namespace McpGateway.Client;

/// <summary>A token from <see cref="GatewayClient.LoginAsync"/>.</summary>
public sealed record LoginResult
{
    /// <summary>The bearer token (JWT).</summary>
    [JsonPropertyName("access_token")] public string AccessToken { get; init; } = "";
    /// <summary>Always <c>Bearer</c>.</summary>
    [JsonPropertyName("token_type")] public string TokenType { get; init; } = "Bearer";
    /// <summary>Seconds until it expires.</summary>
    [JsonPropertyName("expires_in")] public int ExpiresIn { get; init; }
    /// <summary>When it expires.</summary>
    [JsonPropertyName("expires_at")] public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>The user's role.</summary>
    [JsonPropertyName("role")] public string? Role { get; init; }
}

/// <summary>Who the gateway takes the caller for (<c>GET /auth/me</c>).</summary>
public sealed record CallerInfo
{
    /// <summary>User name (or key owner).</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }
    /// <summary><c>admin</c> or <c>user</c>.</summary>
    [JsonPropertyName("role")] public string? Role { get; init; }
    /// <summary>How the caller authenticated (user token, API key, static key, external token).</summary>
    [JsonPropertyName("kind")] public string? Kind { get; init; }
    /// <summary>The API key's id, when authenticated by a key.</summary>
    [JsonPropertyName("key_id")] public string? KeyId { get; init; }
    /// <summary>Templates the caller may use (null: all).</summary>
    [JsonPropertyName("templates")] public IReadOnlyList<string>? Templates { get; init; }
    /// <summary>Tools the caller may call (null: all).</summary>
    [JsonPropertyName("tools")] public IReadOnlyList<string>? Tools { get; init; }
    /// <summary>When the credential expires.</summary>
    [JsonPropertyName("expires_at")] public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A gateway user.</summary>
public sealed record GatewayUser
{
    /// <summary>The user name.</summary>
    [JsonPropertyName("username")] public string Username { get; init; } = "";
    /// <summary><c>admin</c> or <c>user</c>.</summary>
    [JsonPropertyName("role")] public string Role { get; init; } = "";
    /// <summary>When the user was created.</summary>
    [JsonPropertyName("created_at")] public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>What to create with <see cref="GatewayClient.CreateApiKeyAsync"/>.</summary>
public sealed record ApiKeyRequest
{
    /// <summary>A label for people (not secret).</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }
    /// <summary><c>admin</c> or <c>user</c> (default <c>user</c>).</summary>
    [JsonPropertyName("role"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Role { get; init; }
    /// <summary>Admins only: the user the key belongs to (default: the caller).</summary>
    [JsonPropertyName("owner"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Owner { get; init; }
    /// <summary>Templates the key may use (<c>*</c> or null: all).</summary>
    [JsonPropertyName("templates"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Templates { get; init; }
    /// <summary>Tools the key may call: <c>template/tool</c>, <c>template/*</c> or a bare tool name (null: all).</summary>
    [JsonPropertyName("tools"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Tools { get; init; }
    /// <summary>When the key stops working (null: never).</summary>
    [JsonPropertyName("expires_at"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>Requests per rate-limit window (null: the gateway's default).</summary>
    [JsonPropertyName("rate_limit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? RateLimit { get; init; }
}

/// <summary>An API key as the gateway reports it; <see cref="Key"/> is set only in the creation response.</summary>
public sealed record ApiKeyInfo
{
    /// <summary>The key's id (the visible part of the key).</summary>
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    /// <summary>The key's first characters, to recognise it.</summary>
    [JsonPropertyName("prefix")] public string? Prefix { get; init; }
    /// <summary>Its label.</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }
    /// <summary>The user it belongs to.</summary>
    [JsonPropertyName("owner")] public string? Owner { get; init; }
    /// <summary><c>admin</c> or <c>user</c>.</summary>
    [JsonPropertyName("role")] public string? Role { get; init; }
    /// <summary>Templates it may use (null: all).</summary>
    [JsonPropertyName("templates")] public IReadOnlyList<string>? Templates { get; init; }
    /// <summary>Tools it may call (null: all).</summary>
    [JsonPropertyName("tools")] public IReadOnlyList<string>? Tools { get; init; }
    /// <summary>When it expires.</summary>
    [JsonPropertyName("expires_at")] public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>When it was created.</summary>
    [JsonPropertyName("created_at")] public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>When it was revoked.</summary>
    [JsonPropertyName("revoked_at")] public DateTimeOffset? RevokedAt { get; init; }
    /// <summary>Its rate limit, if it has its own.</summary>
    [JsonPropertyName("rate_limit")] public int? RateLimit { get; init; }
    /// <summary><c>active</c>, <c>expired</c> or <c>revoked</c>.</summary>
    [JsonPropertyName("status")] public string? Status { get; init; }
    /// <summary>The key itself: only in the response that created it, never again.</summary>
    [JsonPropertyName("key")] public string? Key { get; init; }
}

/// <summary>One audit entry.</summary>
public sealed record AuditEntry
{
    /// <summary>Its id (sorts by time).</summary>
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    /// <summary>When it happened.</summary>
    [JsonPropertyName("time")] public DateTimeOffset Time { get; init; }
    /// <summary>Who did it.</summary>
    [JsonPropertyName("actor")] public string? Actor { get; init; }
    /// <summary>What was done, e.g. <c>login.succeeded</c>.</summary>
    [JsonPropertyName("action")] public string? Action { get; init; }
    /// <summary>What it was done to.</summary>
    [JsonPropertyName("target")] public string? Target { get; init; }
    /// <summary><c>success</c>, <c>failure</c> or <c>denied</c>.</summary>
    [JsonPropertyName("outcome")] public string? Outcome { get; init; }
    /// <summary>The client's address.</summary>
    [JsonPropertyName("client_address")] public string? ClientAddress { get; init; }
    /// <summary>More about it.</summary>
    [JsonPropertyName("detail")] public string? Detail { get; init; }
}

/// <summary>A page of the audit log, newest first.</summary>
public sealed record AuditPage
{
    /// <summary>The entries of this page.</summary>
    [JsonPropertyName("entries")] public IReadOnlyList<AuditEntry> Entries { get; init; } = [];
    /// <summary>Pass as <see cref="AuditQuery.Cursor"/> for the next page; null on the last page.</summary>
    [JsonPropertyName("next_cursor")] public string? NextCursor { get; init; }
}

/// <summary>Filters for <see cref="GatewayClient.GetAuditAsync"/>.</summary>
public sealed record AuditQuery
{
    /// <summary>Only entries at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }
    /// <summary>Only entries of this actor.</summary>
    public string? Actor { get; init; }
    /// <summary>Only entries of this action.</summary>
    public string? Action { get; init; }
    /// <summary>Page size, 1 to 500 (gateway default 100).</summary>
    public int? Limit { get; init; }
    /// <summary>The <see cref="AuditPage.NextCursor"/> of the previous page.</summary>
    public string? Cursor { get; init; }
}
