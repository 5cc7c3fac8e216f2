using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tests.Security;

[Collection(McpGateway.Tests.Storage.SqlitePoolsCollection.Name)]
public sealed class ApiKeyTests : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
    {
        ["McpGateway:Auth:KeyCacheSeconds"] = "1",
    });

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    [Fact]
    public async Task A_key_is_shown_once_stored_as_a_hash_and_listed_by_prefix()
    {
        var (id, key) = await _gateway.CreateKeyAsync(new JsonObject { ["name"] = "ci", ["role"] = "admin" });
        Assert.StartsWith($"mgw_{id}_", key);
        Assert.True(key.Length > 50);

        using var client = _gateway.CreateClient(key);
        var me = await client.GetFromJsonAsync<JsonObject>("/auth/me");
        Assert.Equal("admin", me!["role"]!.GetValue<string>());
        Assert.Equal(id, me["key_id"]!.GetValue<string>());

        var listed = (await _gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/keys"))!["keys"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == id)!;
        Assert.Equal($"mgw_{id}", listed["prefix"]!.GetValue<string>());
        Assert.Null(listed["key"]);
        Assert.DoesNotContain(key, listed.ToJsonString());

        var db = Path.Combine(_gateway.DataDirectory, "gateway.db");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(db);
        var wal = File.Exists(db + "-wal") ? await File.ReadAllBytesAsync(db + "-wal") : [];
        // mgw_{id}_{secret}: the secret is base64url and may itself contain '_' (or start with one), so take everything after the id.
        var secret = System.Text.Encoding.UTF8.GetBytes(key[$"mgw_{id}_".Length..]);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(secret));
        Assert.Equal(-1, wal.AsSpan().IndexOf(secret));
    }

    [Fact]
    public async Task The_key_works_as_x_api_key_and_as_bearer_and_a_tampered_key_is_401()
    {
        var (_, key) = await _gateway.CreateKeyAsync(new JsonObject());
        using var header = _gateway.CreateClient(key);
        using var bearer = _gateway.CreateBearerClient(key);
        using var tampered = _gateway.CreateClient(key[..^2] + (key[^2] == 'a' ? "bb" : "aa"));
        Assert.Equal(HttpStatusCode.OK, (await header.GetAsync("/gateway/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/gateway/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tampered.GetAsync("/gateway/stats")).StatusCode);
        using var garbage = _gateway.CreateClient("not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await garbage.GetAsync("/gateway/stats")).StatusCode);
    }

    [Fact]
    public async Task Revocation_takes_effect_at_once_here_and_within_the_cache_bound_on_another_process()
    {
        var (id, key) = await _gateway.CreateKeyAsync(new JsonObject());
        // A second gateway process sharing the same store (same data folder), with its own cache.
        await using var sharing = await ShareStoreAsync();
        using var here = _gateway.CreateClient(key);
        using var there = sharing.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await there.GetAsync("/auth/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _gateway.Client.DeleteAsync($"/gateway/keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await here.GetAsync("/auth/me")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await there.GetAsync("/auth/me")).StatusCode);

        var listed = (await _gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/keys"))!["keys"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == id)!;
        Assert.Equal("revoked", listed["status"]!.GetValue<string>());
    }

    private Task<GatewayHost> ShareStoreAsync()
        => GatewayHost.StartAsync(new Dictionary<string, string?> { ["McpGateway:Auth:KeyCacheSeconds"] = "1" }, _gateway.DataDirectory);

    [Fact]
    public async Task An_expired_key_is_401_at_once_on_virtual_time()
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        await using var gateway = await GatewayHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(time));
        var (_, key) = await gateway.CreateKeyAsync(new JsonObject { ["expires_at"] = time.GetUtcNow().AddHours(1).ToString("O") });
        using var client = gateway.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me")).StatusCode);
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me")).StatusCode);
        time.Advance(TimeSpan.FromMinutes(2));
        var response = await client.GetAsync("/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_user_creates_keys_for_themselves_with_no_more_rights()
    {
        await _gateway.CreateUserAsync("alice");
        await _gateway.CreateUserAsync("bob");
        using var alice = _gateway.CreateBearerClient(await _gateway.LoginAsync("alice"));
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsJsonAsync("/gateway/keys", new JsonObject { ["role"] = "admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsJsonAsync("/gateway/keys", new JsonObject { ["owner"] = "bob" })).StatusCode);

        var (scopedId, scopedKey) = await _gateway.CreateKeyAsync(new JsonObject { ["templates"] = new JsonArray("fs") }, alice);
        using var scoped = _gateway.CreateClient(scopedKey);
        // A scoped key cannot mint a wider key.
        Assert.Equal(HttpStatusCode.Forbidden, (await scoped.PostAsJsonAsync("/gateway/keys", new JsonObject())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scoped.PostAsJsonAsync("/gateway/keys", new JsonObject { ["templates"] = new JsonArray("fs", "web") })).StatusCode);
        await _gateway.CreateKeyAsync(new JsonObject { ["templates"] = new JsonArray("fs") }, scoped);

        var (bobKeyId, _) = await _gateway.CreateKeyAsync(new JsonObject(), _gateway.CreateBearerClient(await _gateway.LoginAsync("bob")));
        var own = (await alice.GetFromJsonAsync<JsonObject>("/gateway/keys"))!["keys"]!.AsArray();
        Assert.All(own, k => Assert.Equal("alice", k!["owner"]!.GetValue<string>()));
        Assert.Contains(own, k => k!["id"]!.GetValue<string>() == scopedId);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.DeleteAsync($"/gateway/keys/{bobKeyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.DeleteAsync($"/gateway/keys/{scopedId}")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_user_revokes_their_keys_and_their_tokens()
    {
        await _gateway.CreateUserAsync("carol");
        var token = await _gateway.LoginAsync("carol");
        using var carol = _gateway.CreateBearerClient(token);
        var (_, key) = await _gateway.CreateKeyAsync(new JsonObject(), carol);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Client.DeleteAsync("/gateway/users/carol")).StatusCode);
        using var byKey = _gateway.CreateClient(key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await byKey.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await carol.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task The_static_api_key_is_an_admin_bootstrap_key()
    {
        var me = await _gateway.Client.GetFromJsonAsync<JsonObject>("/auth/me");
        Assert.Equal("admin", me!["role"]!.GetValue<string>());
        Assert.Equal("static_key", me["kind"]!.GetValue<string>());
        using var bearer = _gateway.CreateBearerClient(GatewayHost.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/gateway/registry")).StatusCode);
        using var wrong = _gateway.CreateClient(GatewayHost.AdminKey + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/gateway/registry")).StatusCode);
    }
}
