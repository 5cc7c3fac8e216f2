using System.Security.Claims;

namespace McpGateway.Security;

/// <summary>
/// Things that belong to a caller (jobs, batches): owned by the submitter's principal id; admins see everyone's, others
/// only their own. A record stored before owners were principal ids holds a bare name and matches a caller of that name.
/// </summary>
public static class OwnerAccess
{
    /// <summary>The owner to record for something <paramref name="user"/> creates; null without an identity.</summary>
    public static string? OwnerOf(ClaimsPrincipal user)
        => GatewayIdentity.Of(user) is { IsAuthenticated: true } identity ? identity.PrincipalId : null;

    public static bool CanSee(ClaimsPrincipal user, string? owner)
        => GatewayIdentity.Of(user) is { IsAuthenticated: true } identity
           && (identity.IsAdmin || (owner is not null && IsOwner(identity, owner)));

    /// <summary>A job: its owner may see it while the caller may still call the job's tool (a narrower key of the same owner may not).</summary>
    public static bool CanSeeJob(ClaimsPrincipal user, Jobs.JobRecord job, ITemplateAccess access)
        => CanSee(user, job.Owner) && access.CanCallTool(user, job.Template, job.Tool);

    /// <summary>Null for admins (no filter), else the caller's principal id: the owner filter for listings.</summary>
    public static string? ListFilter(ClaimsPrincipal user)
        => GatewayIdentity.Of(user) is { IsAdmin: false } identity ? identity.PrincipalId : null;

    private static bool IsOwner(GatewayIdentity identity, string owner)
        => string.Equals(owner, identity.PrincipalId, StringComparison.OrdinalIgnoreCase)
           || (!owner.Contains(':') && string.Equals(owner, identity.Name, StringComparison.OrdinalIgnoreCase));
}
