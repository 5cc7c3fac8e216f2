namespace McpGateway.Security;

/// <summary>
/// An external OpenID Connect provider (Microsoft Entra ID first): the gateway is an OAuth 2.1 resource server for its tokens.
/// Section <c>McpGateway:Auth:Entra</c>; off while <see cref="Authority"/> is unset.
/// </summary>
public sealed class EntraOptions
{
    /// <summary>E.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>; <c>/.well-known/openid-configuration</c> is read from it.</summary>
    public string? Authority { get; set; }
    /// <summary>Accepted <c>aud</c> values (the app id URI and/or client id).</summary>
    public string[] Audiences { get; set; } = [];
    /// <summary>The claim holding roles (Entra app roles: <c>roles</c>).</summary>
    public string RoleClaim { get; set; } = "roles";
    public string[] AdminRoles { get; set; } = ["admin", "Gateway.Admin"];
    public string[] UserRoles { get; set; } = ["user", "Gateway.User"];
    /// <summary>Scopes advertised in the protected resource metadata.</summary>
    public string[] Scopes { get; set; } = [];
    /// <summary>Shortest time between two key refreshes triggered by an unknown <c>kid</c>.</summary>
    public double KeyRefreshMinimumSeconds { get; set; } = 30;
    /// <summary>Keys are re-read at least this often.</summary>
    public double KeyLifetimeHours { get; set; } = 24;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}
