namespace McpGateway.Security;

/// <summary>
/// The 401 and 403 of every authentication scheme, audited and written by <see cref="DeniedResponses"/>: the gateway's
/// own scheme and JwtBearer's events answer the same way. The reason shown is always one of ours, never an exception's text.
/// </summary>
public sealed class AuthenticationDenials(DeniedResponses denied, AuditTrail audit)
{
    /// <summary>401: <paramref name="failure"/> is why the credentials were refused, or null when there were none.</summary>
    public Task ChallengeAsync(HttpContext context, string? failure)
    {
        audit.Denied(context, StatusCodes.Status401Unauthorized, failure ?? "no credentials");
        return denied.UnauthorizedAsync(context, failure);
    }

    /// <summary>403 for the authenticated caller (<see cref="HttpContext.User"/>).</summary>
    public Task ForbidAsync(HttpContext context)
    {
        var identity = GatewayIdentity.Of(context.User);
        var detail = identity?.Role is null
            ? "The caller has no gateway role."
            : $"The role '{identity.Role}' may not do this; it needs 'admin'.";
        audit.Denied(context, StatusCodes.Status403Forbidden, detail);
        return denied.ForbiddenAsync(context, detail);
    }
}
