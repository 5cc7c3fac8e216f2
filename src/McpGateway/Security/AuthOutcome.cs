namespace McpGateway.Security;

/// <summary>What <see cref="RequestAuthenticator"/> concluded: a caller, no credentials at all, or bad credentials (with a reason safe to show).</summary>
public readonly record struct AuthOutcome(GatewayIdentity? Identity, string? Failure)
{
    public static AuthOutcome None => default;
    public static AuthOutcome Fail(string reason) => new(null, reason);
    public static AuthOutcome Success(GatewayIdentity identity) => new(identity, null);
    public bool HasCredentials => Identity is not null || Failure is not null;
}
