using Microsoft.AspNetCore.RateLimiting;
using System.Threading.RateLimiting;

namespace McpGateway.Security;

/// <summary>
/// ASP.NET Core's rate limiting middleware with <see cref="PrincipalRateLimiter"/> as its global limiter; a rejection is
/// audited and answered 429 with <c>Retry-After</c> by <see cref="DeniedResponses"/> (problem+json, or JSON-RPC on MCP endpoints).
/// </summary>
internal static class RateLimiting
{
    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<RateLimits>();
        services.AddSingleton<PrincipalRateLimiter>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = static (rejected, _) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.RequestServices.GetRequiredService<AuditTrail>().Denied(context, StatusCodes.Status429TooManyRequests, "rate limit");
                return new ValueTask(context.RequestServices.GetRequiredService<DeniedResponses>().TooManyRequestsAsync(context, retryAfter));
            };
        });
        services.AddOptions<RateLimiterOptions>().Configure<PrincipalRateLimiter>((options, limiter) => options.GlobalLimiter = limiter);
        return services;
    }
}
