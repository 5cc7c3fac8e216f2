using System.Net;
using System.Text.Json.Nodes;
using McpGateway.Mcp;
using McpGateway.Tests.Infrastructure;
using McpGateway.Tests.Security;

namespace McpGateway.Tests.Mcp;

/// <summary>
/// A session belongs to the principal that initialized it: another principal that knows its id gets 404 on POST, GET and
/// DELETE, exactly as for an unknown session, and the owner's session is untouched.
/// </summary>
[Collection(McpFrontDoorCollection.Name)]
public sealed class SessionOwnerTests(McpFrontDoorFixture fixture) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartAsync();
        await _gateway.RegisterAsync(McpServers.Http("fix-http", "fix-http-1", fixture.FixtureHttp.Endpoint));
        await _gateway.CreateUserAsync("alice");
        await _gateway.CreateUserAsync("bob");
        _alice = _gateway.CreateClient((await _gateway.CreateKeyAsync(new JsonObject { ["owner"] = "alice" })).Key);
        _bob = _gateway.CreateClient((await _gateway.CreateKeyAsync(new JsonObject { ["owner"] = "bob" })).Key);
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        await _gateway.DisposeAsync();
    }

    private string Url => new Uri(_gateway.BaseAddress, "/mcp/fix-http").ToString();

    [Fact]
    public async Task Another_principal_gets_404_for_a_session_it_does_not_own()
    {
        var owner = new RawMcpClient(_alice, Url);
        await owner.InitializeAsync();
        var intruder = new RawMcpClient(_bob, Url) { SessionId = owner.SessionId, ProtocolVersion = owner.ProtocolVersion };
        var unknown = new RawMcpClient(_bob, Url) { SessionId = "no-such-session", ProtocolVersion = owner.ProtocolVersion };

        var post = await intruder.SendAsync("tools/call", new JsonObject { ["name"] = "test_simple_text", ["arguments"] = new JsonObject() });
        var asUnknown = await unknown.SendAsync("tools/call", new JsonObject { ["name"] = "test_simple_text", ["arguments"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.NotFound, post.Status);
        Assert.Equal(McpErrors.SessionNotFound, post.Final["error"]!["code"]!.GetValue<int>());
        Assert.Equal(asUnknown.Final["error"]!.ToJsonString(), post.Final["error"]!.ToJsonString()); // says nothing more than for an unknown id
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "notifications/initialized" })).Status);

        using var get = new HttpRequestMessage(HttpMethod.Get, Url);
        get.Headers.Accept.ParseAdd("text/event-stream");
        get.Headers.Add("Mcp-Session-Id", owner.SessionId);
        using var stream = await _bob.SendAsync(get, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.NotFound, stream.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, await intruder.DeleteAsync());

        var mine = await owner.SendAsync("tools/call", new JsonObject { ["name"] = "test_simple_text", ["arguments"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.OK, mine.Status);
        Assert.NotNull(mine.Final["result"]);
        Assert.Equal(HttpStatusCode.OK, await owner.DeleteAsync());
    }

    [Fact]
    public async Task The_owner_is_kept_in_the_store_and_a_record_without_owner_belongs_to_nobody()
    {
        var alices = new RawMcpClient(_alice, Url);
        await alices.InitializeAsync();
        var bobs = new RawMcpClient(_bob, Url);
        await bobs.InitializeAsync();
        var store = _gateway.Get<IMcpSessionStore>();
        var alicesOwner = (await store.GetAsync(alices.SessionId!))!.Owner;
        Assert.NotNull(alicesOwner);
        Assert.NotEqual(alicesOwner, (await store.GetAsync(bobs.SessionId!))!.Owner);

        // A session stored before sessions had owners: nobody may use it (the safe default), not even an admin.
        var now = DateTimeOffset.UtcNow;
        var legacyId = "legacy-" + Guid.NewGuid().ToString("N");
        await store.CreateAsync(new McpSessionRecord { Id = legacyId, Target = "fix-http", ProtocolVersion = "2025-11-25", CreatedAt = now, LastSeenAt = now });
        Assert.Null((await store.GetAsync(legacyId))!.Owner);
        foreach (var client in new[] { _alice, _gateway.Client })
        {
            var legacy = new RawMcpClient(client, Url) { SessionId = legacyId, ProtocolVersion = "2025-11-25" };
            Assert.Equal(HttpStatusCode.NotFound, (await legacy.SendAsync("tools/list")).Status);
        }
    }
}
