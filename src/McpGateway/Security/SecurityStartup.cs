using McpGateway.Hosting;
using Microsoft.Extensions.Options;

namespace McpGateway.Security;

/// <summary>
/// A start-up task (see <see cref="IStartupTask"/>): creates the principal and audit stores, creates the configured bootstrap admin if missing,
/// and on a standalone gateway's first start with no way in (no user, no key, no <c>API_KEY</c>) creates an admin key and
/// prints it once on the console (never to the log).
/// </summary>
internal sealed class SecurityStartup(
    IPrincipalStore principals, IAuditLog auditLog, UserAccounts users, KeyIssuer keys, GatewayTokens tokens, AuditTrail audit,
    IOptions<AuthOptions> options, IOptions<GatewayOptions> gateway, GatewayHosting hosting, ILogger<SecurityStartup> logger) : IStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await principals.InitializeAsync(cancellationToken);
        await auditLog.InitializeAsync(cancellationToken);
        var auth = options.Value;
        if (!auth.Enabled)
        {
            logger.LogWarning("Authentication is OFF (McpGateway:Auth:Enabled=false): every caller of {Host} is an admin. Use this only for local development.",
                gateway.Value.Host);
            return;
        }
        if (auth.BootstrapAdmin is { Username: { Length: > 0 } name, Password: { Length: > 0 } password }
            && await principals.FindUserAsync(UserNames.Normalize(name), cancellationToken) is null)
        {
            await users.CreateAsync(name, password, GatewayRoles.Admin, cancellationToken);
            audit.Record(AuditActions.UserCreated, "success", "configuration", UserNames.Normalize(name), "bootstrap admin");
            logger.LogInformation("Created the bootstrap admin user from configuration.");
        }
        if (tokens.IsEphemeral)
        {
            logger.LogInformation("JWT_SECRET is not set: login tokens are signed with a random key and stop working when this process stops.");
        }
        if (string.IsNullOrEmpty(auth.ApiKey)
            && (await principals.ListUsersAsync(cancellationToken)).Count == 0
            && (await principals.ListKeysAsync(null, cancellationToken)).Count == 0)
        {
            if (hosting.Mode != HostingMode.Standalone)
            {
                logger.LogWarning("No user, API key or API_KEY exists, so nobody can use this gateway: set MCP_GATEWAY_ADMIN_USER/MCP_GATEWAY_ADMIN_PASSWORD or API_KEY.");
                return;
            }
            // Its own principal (first_start:admin): the keys minted with it are that principal's, not a user's.
            var admin = new GatewayIdentity("admin", GatewayRoles.Admin, PrincipalKinds.FirstStart);
            var (record, key) = await keys.CreateAsync(admin, new CreateKeyRequest { Name = "first-start admin key", Role = GatewayRoles.Admin }, cancellationToken);
            audit.Record(AuditActions.KeyCreated, "success", "first start", record.Id, "admin key printed on the console");
            // Deliberately the console, not ILogger: log sinks are often shipped elsewhere and kept; this secret must not be.
            Console.WriteLine($"""

                ==================================================================================
                 First start: an admin API key was created. It is shown this once, never again:

                   {key}

                 Send it as 'X-API-Key: <key>'. Create users and more keys with it (see README),
                 and revoke it with DELETE /gateway/keys/{record.Id} when you no longer need it.
                ==================================================================================

                """);
        }
    }
}
