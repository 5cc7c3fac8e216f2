namespace McpGateway.Security;

/// <summary>
/// The authentication schemes. <see cref="Default"/> is a policy scheme: per request it forwards to <see cref="External"/>
/// when the request carries the external provider's token (<see cref="RequestAuthenticator.ExternalToken"/>), else to
/// <see cref="Gateway"/>. Both produce a <see cref="GatewayIdentity"/>, so authorization (default scheme, no scheme named
/// in <see cref="GatewayPolicies"/>) and everything reading <see cref="GatewayIdentity.Of"/> accept either.
/// </summary>
public static class GatewaySchemes
{
    /// <summary>The default scheme: chooses one of the two below.</summary>
    public const string Default = GatewayIdentity.Scheme;
    /// <summary>API keys, the static key (<c>API_KEY</c>) and the gateway's own JWTs (<c>JWT_SECRET</c>): <see cref="GatewayAuthenticationHandler"/>.</summary>
    public const string Gateway = "McpGateway.Gateway";
    /// <summary>The external OpenID Connect provider's tokens (Entra ID): ASP.NET Core's JwtBearer, set up by <see cref="ExternalTokens"/>.</summary>
    public const string External = "McpGateway.External";
}
