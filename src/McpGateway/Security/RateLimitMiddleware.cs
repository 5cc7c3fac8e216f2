using Microsoft.Extensions.Options;

namespace McpGateway.Security;

/// <summary>Per-principal rate limit after authentication (anonymous requests are not counted: they are public or get 401). 429 with <c>Retry-After</c>.</summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, ProcessRateLimiter limiter, IOptions<AuthOptions> options, DeniedResponses denied, AuditTrail audit)
{
    private readonly TimeSpan _window = TimeSpan.FromSeconds(options.Value.RateLimitWindowSeconds);
    private readonly int _limit = options.Value.RateLimitPerMinute;

    public Task InvokeAsync(HttpContext context)
    {
        if (GatewayIdentity.Of(context.User) is { IsAuthenticated: true } identity
            && limiter.TryAcquire(identity.RateKey, identity.RateLimit ?? _limit, _window) is { } retryAfter)
        {
            audit.Denied(context, StatusCodes.Status429TooManyRequests, "rate limit");
            return denied.TooManyRequestsAsync(context, retryAfter);
        }
        return next(context);
    }
}
