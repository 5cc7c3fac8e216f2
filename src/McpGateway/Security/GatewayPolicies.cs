using Microsoft.AspNetCore.Authorization;

namespace McpGateway.Security;

/// <summary>
/// Authorization policies. The fallback policy (every endpoint without an explicit one) is <see cref="Caller"/>:
/// the gateway is closed by default, and public endpoints say <c>AllowAnonymous()</c>.
/// </summary>
public static class GatewayPolicies
{
    /// <summary>Management: <c>admin</c> only.</summary>
    public const string Admin = "admin";
    /// <summary>Any caller with a gateway role.</summary>
    public const string Caller = "caller";
    /// <summary>Any authenticated caller, with or without a role (<c>GET /auth/me</c>).</summary>
    public const string Authenticated = "authenticated";

    public static void Configure(AuthorizationOptions options)
    {
        var caller = new AuthorizationPolicyBuilder().RequireRole(GatewayRoles.Admin, GatewayRoles.User).Build();
        options.AddPolicy(Admin, new AuthorizationPolicyBuilder().RequireRole(GatewayRoles.Admin).Build());
        options.AddPolicy(Caller, caller);
        options.AddPolicy(Authenticated, new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        options.DefaultPolicy = caller;
        options.FallbackPolicy = caller;
    }
}
