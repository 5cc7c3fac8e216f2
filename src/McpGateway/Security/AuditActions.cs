namespace McpGateway.Security;

/// <summary>The audit action names (a fixed set, so they can be filtered on and counted).</summary>
public static class AuditActions
{
    public const string LoginSucceeded = "login.succeeded";
    public const string LoginFailed = "login.failed";
    public const string UserCreated = "user.created";
    public const string UserDeleted = "user.deleted";
    public const string KeyCreated = "key.created";
    public const string KeyRevoked = "key.revoked";
    public const string InstanceRegistered = "instance.registered";
    public const string InstanceDeregistered = "instance.deregistered";
    public const string RegistrationRefused = "instance.refused";
    public const string RequestDenied = "request.denied";
    public const string RateLimited = "request.rate_limited";
}
