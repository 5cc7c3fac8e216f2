namespace McpGateway.Security;

/// <summary>Authentication, keys, tokens and rate limits: section <c>McpGateway:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "McpGateway:Auth";

    /// <summary>On by default. Off only while listening on loopback, never in the Functions mode.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>The original gateway's single static key (<c>API_KEY</c>): an admin bootstrap key when set.</summary>
    public string? ApiKey { get; set; }
    /// <summary>HS256 secret for the gateway's own tokens (<c>JWT_SECRET</c>), at least 32 bytes. Unset: a random per-process secret.</summary>
    public string? JwtSecret { get; set; }
    public string JwtIssuer { get; set; } = "mcp-gateway";
    public string JwtAudience { get; set; } = "mcp-gateway";
    public int JwtLifetimeMinutes { get; set; } = 60;
    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();
    /// <summary>How long a validated key or user is trusted without asking the store: the bound on revocation across processes.</summary>
    public double KeyCacheSeconds { get; set; } = 5;
    /// <summary>Requests per window per principal (<c>API_RATE_LIMIT</c>); 0 turns rate limiting off.</summary>
    public int RateLimitPerMinute { get; set; } = 100;
    /// <summary>The rate-limit window; 60 makes <see cref="RateLimitPerMinute"/> literal.</summary>
    public double RateLimitWindowSeconds { get; set; } = 60;
    /// <summary>Failed logins per user before each further attempt must wait (doubling, up to <see cref="LoginMaxDelaySeconds"/>).</summary>
    public int LoginFreeAttempts { get; set; } = 3;
    /// <summary>Failed logins per client address before it must wait.</summary>
    public int LoginFreeAttemptsPerAddress { get; set; } = 10;
    public int LoginMaxDelaySeconds { get; set; } = 60;
    /// <summary>The public URL of this gateway (for protected resource metadata); unset: taken from the request.</summary>
    public string? ResourceUrl { get; set; }
    public EntraOptions Entra { get; set; } = new();
}
