using System.Text.Json.Nodes;
using McpGateway.Cli;
using McpGateway.Client.Tests.Infrastructure;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Client.Tests.Cli;

[Collection(ClientGatewayCollection.Name)]
public sealed class CliSecurityTests(ClientGatewayFixture fixture) : IDisposable
{
    private const string T = ClientGatewayFixture.Template;
    private readonly CliRunner _admin = new(fixture.Url, GatewayHost.AdminKey);

    public void Dispose() => _admin.Dispose();

    private static void Expect(int code, CliResult result) => Assert.True(result.ExitCode == code, $"expected exit {code}\n{result}");

    [Fact]
    public async Task Users_login_keys_and_logout()
    {
        var name = "alice" + Guid.NewGuid().ToString("N")[..6];
        const string password = "correct horse battery staple";

        var created = await _admin.RunWithInputAsync(password + "\n", "create-user", name, "--role", "user", "--password-stdin");
        Expect(0, created);
        Assert.Contains($"Created user {name} (user)", created.Output);
        var users = await _admin.RunAsync("users", "--json");
        Expect(0, users);
        Assert.Contains(users.Json()["users"]!.AsArray(), u => u!["username"]!.GetValue<string>() == name);

        // Alice logs in with no key: the token goes to her credentials file, readable only by her.
        using var alice = new CliRunner(fixture.Url, apiKey: null);
        var wrong = await alice.RunWithInputAsync("not the password\n", "login", name, "--password-stdin");
        Expect(ExitCodes.Auth, wrong);
        Assert.False(File.Exists(alice.CredentialsFile));

        var login = await alice.RunWithInputAsync(password + "\n", "login", name, "--password-stdin");
        Expect(0, login);
        Assert.Contains($"Logged in to {fixture.Url} as {name}", login.Output);
        Assert.True(File.Exists(alice.CredentialsFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(alice.CredentialsFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(alice.CredentialsFile)!));
        }
        var stored = JsonNode.Parse(File.ReadAllText(alice.CredentialsFile))!;
        Assert.Equal(name, stored["gateways"]![fixture.Url.ToString()]!["username"]!.GetValue<string>());
        Assert.DoesNotContain(password, File.ReadAllText(alice.CredentialsFile));

        // The stored token is used, even without MCPGW_URL (the last login's gateway).
        alice.Variables.Remove("MCPGW_URL");
        var me = await alice.RunAsync("whoami", "--json");
        Expect(0, me);
        Assert.Equal(name, me.Json()["name"]!.GetValue<string>());
        Assert.Equal("user", me.Json()["role"]!.GetValue<string>());
        Expect(0, await alice.RunAsync("tools", "call", T, "echo", "--arg", "message=hi"));
        var forbidden = await alice.RunAsync("registry");
        Expect(ExitCodes.Auth, forbidden);
        Assert.Contains("not allowed", forbidden.Error);

        // Alice creates a key scoped to one template; it works there and nowhere else; she revokes it.
        var key = await alice.RunAsync("create-api-key", "ci", "--template", T, "--expires", "1d", "--json");
        Expect(0, key);
        var secret = key.Json()["key"]!.GetValue<string>();
        var keyId = key.Json()["id"]!.GetValue<string>();
        Assert.Equal(name, key.Json()["owner"]!.GetValue<string>());
        Assert.True(key.Json()["expires_at"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddHours(23));

        using var ci = new CliRunner(fixture.Url, secret);
        Expect(0, await ci.RunAsync("tools", "list", T));
        Expect(ExitCodes.Auth, await ci.RunAsync("tools", "list", "other-template"));

        var keys = await _admin.RunAsync("api-keys");
        Expect(0, keys);
        Assert.Matches($@"{keyId}\s+ci\s+{name}\s+user\s+{T}", keys.Output);

        var revoke = await alice.RunAsync("revoke-api-key", keyId);
        Expect(0, revoke);
        await Task.Delay(100);
        Expect(ExitCodes.Auth, await ci.RunAsync("tools", "list", T));

        var audit = await _admin.RunAsync("audit", "--actor", name, "--json");
        Expect(0, audit);
        Assert.Contains(audit.Json()["entries"]!.AsArray(), e => e!["action"]!.GetValue<string>().Contains("login", StringComparison.Ordinal));

        var logout = await alice.RunAsync("logout");
        Expect(0, logout);
        Assert.Contains("Logged out", logout.Output);
        Expect(ExitCodes.Auth, await alice.RunAsync("whoami", "--url", fixture.Url.ToString()));

        Expect(0, await _admin.RunAsync("delete-user", name));
    }

    [Fact]
    public async Task Admin_creates_an_admin_key_shown_once_on_stdout()
    {
        var key = await _admin.RunAsync("create-api-key", "ops", "--role", "admin");
        Expect(0, key);
        var secret = key.Output.Trim();
        Assert.StartsWith("mgw_", secret);
        Assert.Contains("not shown again", key.Error);

        using var ops = new CliRunner(fixture.Url, secret);
        Expect(0, await ops.RunAsync("registry"));
        var bad = await _admin.RunAsync("create-api-key", "x", "--expires", "someday");
        Expect(ExitCodes.Usage, bad);
        var badRole = await _admin.RunAsync("create-user", "bob", "--role", "root", "--password-stdin");
        Expect(ExitCodes.Usage, badRole);
    }
}
