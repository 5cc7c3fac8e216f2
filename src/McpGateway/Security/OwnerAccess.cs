using System.Security.Claims;

namespace McpGateway.Security;

/// <summary>Things that belong to a caller (jobs, batches): admins see everyone's, others only their own.</summary>
public static class OwnerAccess
{
    public static bool CanSee(ClaimsPrincipal user, string? owner)
        => GatewayIdentity.Of(user) is { IsAuthenticated: true } identity
           && (identity.IsAdmin || (owner is not null && string.Equals(owner, identity.Name, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Null for admins (no filter), else the caller's name: the owner filter for listings.</summary>
    public static string? ListFilter(ClaimsPrincipal user)
        => GatewayIdentity.Of(user) is { IsAdmin: false } identity ? identity.Name ?? "?" : null;
}
