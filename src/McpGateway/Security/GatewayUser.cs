namespace McpGateway.Security;

/// <summary>A user who logs in with a password. <see cref="PasswordHash"/> is ASP.NET Core's PBKDF2 format; the password itself is never kept.</summary>
public sealed record GatewayUser(string Username, string Role, string PasswordHash, DateTimeOffset CreatedAt);
