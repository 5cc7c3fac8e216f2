using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Security;

/// <summary>With every log category at Trace, no password, API key, JWT secret or token appears in any log line.</summary>
public sealed class SecretsInLogsTests
{
    private const string JwtSecret = "jwt-secret-that-must-never-be-logged-0123456789";
    private const string AdminPassword = "admin-password-never-logged";
    private const string StaticKey = "static-key-never-logged-0123456789";

    [Fact]
    public async Task No_secret_reaches_the_log()
    {
        var secrets = new List<string> { JwtSecret, AdminPassword, StaticKey, AuthHelpers.Password };
        await using (var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["McpGateway:Auth:JwtSecret"] = JwtSecret,
            ["McpGateway:Auth:ApiKey"] = StaticKey,
            ["McpGateway:Auth:BootstrapAdmin:Username"] = "boss",
            ["McpGateway:Auth:BootstrapAdmin:Password"] = AdminPassword,
        }))
        {
            using var admin = gateway.CreateClient(StaticKey);
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/gateway/users",
                new JsonObject { ["username"] = "henry", ["password"] = AuthHelpers.Password })).StatusCode);
            using var anonymous = gateway.CreateClient();
            var login = await anonymous.PostAsJsonAsync("/auth/login", new JsonObject { ["username"] = "henry", ["password"] = AuthHelpers.Password });
            var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
            secrets.Add(token);
            secrets.Add(await gateway.LoginAsync("boss", AdminPassword));
            var created = await admin.PostAsJsonAsync("/gateway/keys", new JsonObject { ["name"] = "logged?" });
            var createdBody = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
            var key = createdBody["key"]!.GetValue<string>();
            secrets.Add(key);
            // mgw_{id}_{secret}: the secret is base64url and may itself contain '_', so take everything after the id.
            secrets.Add(key[(key.IndexOf('_', "mgw_".Length) + 1)..]);

            // Failing calls carrying secrets: wrong passwords, bad keys, a tampered token, a revoked key.
            await anonymous.PostAsJsonAsync("/auth/login", new JsonObject { ["username"] = "henry", ["password"] = AdminPassword });
            using (var bad = gateway.CreateClient(StaticKey + "-wrong"))
            {
                await bad.GetAsync("/gateway/registry");
            }
            using (var tampered = gateway.CreateBearerClient(token[..^4] + "AAAA"))
            {
                await tampered.GetAsync("/auth/me");
            }
            var id = createdBody["id"]!.GetValue<string>();
            await admin.DeleteAsync($"/gateway/keys/{id}");
            using (var revoked = gateway.CreateClient(key))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync("/gateway/stats")).StatusCode);
            }
            using (var user = gateway.CreateBearerClient(token))
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/gateway/registry")).StatusCode);
            }
            await gateway.WaitForAuditAsync(McpGateway.Security.AuditActions.KeyRevoked, client: admin);
            var text = gateway.Logs.Text;
            Assert.True(gateway.Logs.Lines.Count > 20, "the log capture saw too little to prove anything");
            Assert.Contains("Audit login.succeeded", text);
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret ({secret[..Math.Min(4, secret.Length)]}...) appears in the log.");
            }
        }
    }
}
