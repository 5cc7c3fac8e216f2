using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Security;

/// <summary>Token lifetime checks on the injected clock (the library's own check reads the system clock).</summary>
internal static class TokenLifetime
{
    public static LifetimeValidator Validator(TimeProvider time) => (notBefore, expires, _, parameters) =>
    {
        var now = time.GetUtcNow().UtcDateTime;
        var skew = parameters.ClockSkew;
        return expires is { } end && end > now - skew && (notBefore is not { } start || start <= now + skew);
    };
}
