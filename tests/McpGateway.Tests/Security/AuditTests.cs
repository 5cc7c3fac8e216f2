using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Security;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Security;

public sealed class AuditTests : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    [Fact]
    public async Task Logins_user_and_key_changes_registrations_and_denials_are_audited()
    {
        await _gateway.CreateUserAsync("gina");
        await _gateway.LoginAsync("gina");
        using var anonymous = _gateway.CreateClient();
        await anonymous.PostAsJsonAsync("/auth/login", new JsonObject { ["username"] = "gina", ["password"] = "wrong-password!" });
        var (keyId, _) = await _gateway.CreateKeyAsync(new JsonObject());
        await _gateway.Client.DeleteAsync($"/gateway/keys/{keyId}");
        await _gateway.RegisterAsync(McpServers.Http("web", "web-1", "http://127.0.0.1:9/mcp"));
        await _gateway.Client.DeleteAsync("/gateway/deregister/web/web-1");
        await anonymous.GetAsync("/gateway/stats");
        await _gateway.Client.DeleteAsync("/gateway/users/gina");

        await _gateway.WaitForAuditAsync(AuditActions.UserCreated, e => e["target"]!.GetValue<string>() == "gina");
        var login = await _gateway.WaitForAuditAsync(AuditActions.LoginSucceeded);
        Assert.Equal("gina", login["actor"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", login["client_address"]!.GetValue<string>());
        await _gateway.WaitForAuditAsync(AuditActions.LoginFailed, e => e["outcome"]!.GetValue<string>() == "failure");
        var created = await _gateway.WaitForAuditAsync(AuditActions.KeyCreated, e => e["target"]!.GetValue<string>() == keyId);
        Assert.Equal("api-key", created["actor"]!.GetValue<string>());
        await _gateway.WaitForAuditAsync(AuditActions.KeyRevoked, e => e["target"]!.GetValue<string>() == keyId);
        await _gateway.WaitForAuditAsync(AuditActions.InstanceRegistered, e => e["target"]!.GetValue<string>() == "web/web-1");
        await _gateway.WaitForAuditAsync(AuditActions.InstanceDeregistered, e => e["target"]!.GetValue<string>() == "web/web-1");
        var denied = await _gateway.WaitForAuditAsync(AuditActions.RequestDenied, e => e["target"]!.GetValue<string>() == "GET /gateway/stats");
        Assert.StartsWith("401", denied["detail"]!.GetValue<string>());
        await _gateway.WaitForAuditAsync(AuditActions.UserDeleted);
    }

    [Fact]
    public async Task The_audit_log_filters_by_actor_action_and_time_and_pages()
    {
        using var anonymous = _gateway.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await anonymous.PostAsJsonAsync("/auth/login", new JsonObject { ["username"] = $"user{i}", ["password"] = "wrong-password!" });
        }
        await _gateway.WaitForAuditAsync(AuditActions.LoginFailed, e => e["actor"]!.GetValue<string>() == "user4");

        var one = (await _gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/audit?actor=user2"))!["entries"]!.AsArray();
        Assert.Equal("user2", Assert.Single(one)!["actor"]!.GetValue<string>());

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await _gateway.Client.GetFromJsonAsync<JsonObject>($"/gateway/audit?action=login.failed&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}"))!;
            var entries = page["entries"]!.AsArray();
            Assert.InRange(entries.Count, 1, 2);
            seen.AddRange(entries.Select(e => e!["actor"]!.GetValue<string>()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        Assert.Equal(["user4", "user3", "user2", "user1", "user0"], seen);

        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));
        Assert.Empty((await _gateway.Client.GetFromJsonAsync<JsonObject>($"/gateway/audit?since={future}"))!["entries"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await _gateway.Client.GetAsync("/gateway/audit?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Untrusted_values_are_sanitised_before_they_reach_the_log_and_the_audit()
    {
        using var anonymous = _gateway.CreateClient();
        var hostile = "mallory\r\nInformation: forged log line\u0007" + new string('x', 500);
        await anonymous.PostAsJsonAsync("/auth/login", new JsonObject { ["username"] = hostile, ["password"] = "wrong-password!" });
        var entry = await _gateway.WaitForAuditAsync(AuditActions.LoginFailed, e => e["actor"]!.GetValue<string>().StartsWith("mallory"));
        var actor = entry["actor"]!.GetValue<string>();
        Assert.DoesNotContain('\n', actor);
        Assert.DoesNotContain('\r', actor);
        Assert.DoesNotContain('\u0007', actor);
        Assert.True(actor.Length <= 101);
        Assert.DoesNotContain(_gateway.Logs.Lines, l => l.Contains("\nInformation: forged log line"));
    }

    [Fact]
    public void The_sanitiser_strips_control_characters_and_caps_length()
    {
        Assert.Equal("a b c", LogSanitizer.Clean("a\nb\u001bc"));
        Assert.Equal("plain", LogSanitizer.Clean("plain"));
        Assert.Equal("abc…", LogSanitizer.Clean("abcdef", 3));
        Assert.Equal("", LogSanitizer.Clean(null));
    }
}
