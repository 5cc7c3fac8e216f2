using System.Security.Claims;
using McpGateway.Security;

namespace McpGateway.Tests.Infrastructure;

/// <summary>Principals for tests that call gateway services directly, as the authentication handler would have made them.</summary>
public static class Callers
{
    public static ClaimsPrincipal Admin { get; } = new(new GatewayIdentity(RequestAuthenticator.StaticKeyName, GatewayRoles.Admin, PrincipalKinds.StaticKey));
}
