namespace McpGateway.Security;

/// <summary>The two roles of the gateway. <c>admin</c> manages; <c>user</c> calls the templates it is allowed to use.</summary>
public static class GatewayRoles
{
    public const string Admin = "admin";
    public const string User = "user";

    public static bool IsValid(string? role) => role is Admin or User;

    /// <summary>True when <paramref name="role"/> grants no more than <paramref name="limit"/>.</summary>
    public static bool IsAtMost(string role, string limit) => limit == Admin || role == User;
}
