namespace McpGateway.Security;

/// <summary>How a caller proved who it is.</summary>
public static class PrincipalKinds
{
    public const string User = "user";
    public const string ApiKey = "api_key";
    public const string StaticKey = "static_key";
    public const string External = "external";
    /// <summary>Authentication is off (loopback only): everyone is this admin.</summary>
    public const string Anonymous = "anonymous";
}
