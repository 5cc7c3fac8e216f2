using Microsoft.Extensions.Options;

namespace McpGateway.Security;

/// <summary>
/// The rate limit of a caller: its key's <c>rate_limit</c> when set, else <c>Auth:RateLimitPerMinute</c>, requests per
/// <c>RateLimitWindowSeconds</c>. 0 means unlimited. Enforced per principal by <see cref="PrincipalRateLimiter"/>,
/// inherited by the keys a caller creates (<see cref="KeyIssuer"/>).
/// </summary>
public sealed class RateLimits(IOptions<AuthOptions> options)
{
    public TimeSpan Window { get; } = TimeSpan.FromSeconds(options.Value.RateLimitWindowSeconds);

    /// <summary>The configured default; 0 turns rate limiting off for callers without a limit of their own.</summary>
    public int Default { get; } = Math.Max(0, options.Value.RateLimitPerMinute);

    /// <summary>Requests per <see cref="Window"/> for this caller; 0 = unlimited.</summary>
    public int Of(GatewayIdentity identity) => identity.RateLimit is { } own and >= 0 ? own : Default;
}
