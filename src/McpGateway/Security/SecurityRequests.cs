using System.Text.Json.Serialization;

namespace McpGateway.Security;

public sealed class LoginRequest
{
    [JsonPropertyName("username")] public string? Username { get; set; }
    [JsonPropertyName("password")] public string? Password { get; set; }
}

public sealed class CreateUserRequest
{
    [JsonPropertyName("username")] public string? Username { get; set; }
    [JsonPropertyName("password")] public string? Password { get; set; }
    /// <summary><c>admin</c> or <c>user</c> (default).</summary>
    [JsonPropertyName("role")] public string? Role { get; set; }
}

public sealed class CreateKeyRequest
{
    /// <summary>A label for people; not secret.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }
    /// <summary><c>admin</c> or <c>user</c>; default: <c>user</c>. A user may only create <c>user</c> keys.</summary>
    [JsonPropertyName("role")] public string? Role { get; set; }
    /// <summary>Admins only: the user the key belongs to (default: the caller).</summary>
    [JsonPropertyName("owner")] public string? Owner { get; set; }
    [JsonPropertyName("templates")] public string[]? Templates { get; set; }
    [JsonPropertyName("tools")] public string[]? Tools { get; set; }
    [JsonPropertyName("expires_at")] public DateTimeOffset? ExpiresAt { get; set; }
    /// <summary>Requests per rate-limit window for this key (default: the gateway's <c>API_RATE_LIMIT</c>).</summary>
    [JsonPropertyName("rate_limit")] public int? RateLimit { get; set; }
}
