using System.Security.Claims;

namespace McpGateway.Security;

/// <summary>
/// The authenticated caller: a <see cref="ClaimsIdentity"/> (name and role claims for ASP.NET Core authorization)
/// with the gateway's typed facts beside it, so access checks read fields rather than search claims.
/// </summary>
public sealed class GatewayIdentity : ClaimsIdentity
{
    public const string Scheme = "McpGateway";

    public GatewayIdentity(string name, string? role, string kind)
        : base(NameAndRole(name, role), Scheme, ClaimTypes.Name, ClaimTypes.Role)
    {
        Kind = kind;
        Role = role;
        PrincipalId = kind + ":" + name;
    }

    /// <summary>
    /// Who is behind the credential, stable across its keys and tokens: what owns keys, jobs and MCP sessions and what
    /// the rate limiter counts. <c>{kind}:{name}</c> unless set: an API key carries its owner's principal
    /// (<see cref="ApiKeyRecord.OwnerId"/>), so all keys of a user, and the keys they mint, are that user.
    /// </summary>
    public string PrincipalId { get; init; }

    /// <summary><c>admin</c>, <c>user</c>, or null for an external token with no recognised role.</summary>
    public string? Role { get; }
    public string Kind { get; }
    public string? KeyId { get; init; }
    public IReadOnlyList<string>? Templates { get; init; }
    public IReadOnlyList<string>? Tools { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public int? RateLimit { get; init; }

    public bool IsAdmin => Role == GatewayRoles.Admin;

    public bool IsScoped => Templates is not null || Tools is not null;

    public static GatewayIdentity? Of(ClaimsPrincipal? user) => user?.Identity as GatewayIdentity;

    private static IEnumerable<Claim> NameAndRole(string name, string? role)
    {
        yield return new Claim(ClaimTypes.Name, name);
        if (role is not null)
        {
            yield return new Claim(ClaimTypes.Role, role);
        }
    }
}
