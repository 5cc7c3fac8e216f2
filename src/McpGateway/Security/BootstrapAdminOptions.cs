namespace McpGateway.Security;

/// <summary>A first admin user created at start when missing (<c>MCP_GATEWAY_ADMIN_USER</c>/<c>MCP_GATEWAY_ADMIN_PASSWORD</c>).</summary>
public sealed class BootstrapAdminOptions
{
    public string? Username { get; set; }
    public string? Password { get; set; }
}
