namespace McpGateway.Security;

/// <summary>How a caller proved who it is.</summary>
public static class PrincipalKinds
{
    public const string User = "user";
    public const string ApiKey = "api_key";
    public const string StaticKey = "static_key";
    public const string External = "external";
    /// <summary>The admin key a standalone gateway creates on its first start: it is its own principal, <c>first_start:admin</c>.</summary>
    public const string FirstStart = "first_start";
    /// <summary>Authentication is off (loopback only): everyone is this admin.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>The principal id of a gateway user (<c>user:{name}</c>, as <see cref="GatewayIdentity.PrincipalId"/> gives a logged-in user).</summary>
    public static string UserPrincipal(string username) => User + ":" + username;
}
