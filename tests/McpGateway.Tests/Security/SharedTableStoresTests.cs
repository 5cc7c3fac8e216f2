using System.Net;
using System.Text.Json.Nodes;
using McpGateway.Registry;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Security;

/// <summary>
/// Two gateway processes (in-process hosts with their own caches and data folders) on the same Azurite tables: keys,
/// revocations, audit and MCP sessions made through one hold on the other, with no local file in between.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SharedTableStoresTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const double KeyCacheSeconds = 0.5;
    private readonly string _table = AzuriteTables.UniqueName();
    private GatewayHost _a = null!;
    private GatewayHost _b = null!;

    public async Task InitializeAsync()
    {
        var settings = AzuriteTables.GatewaySettings(azurite, _table);
        settings["McpGateway:Store"] = "tables";
        settings["McpGateway:Jobs:TableName"] = _table + "jobs";
        settings["McpGateway:Jobs:QueueName"] = "q" + _table[3..20];
        settings["McpGateway:Auth:KeyCacheSeconds"] = KeyCacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["McpGateway:RegistryRefreshSeconds"] = "0.5";
        _a = await GatewayHost.StartAsync(settings);
        _b = await GatewayHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        foreach (var suffix in new[] { "", "jobs", "principals", "audit", "sessions" })
        {
            await AzuriteTables.Client(azurite, _table + suffix).DeleteAsync();
        }
    }

    [Fact]
    public async Task A_key_created_on_one_process_works_on_the_other_and_its_revocation_holds_there_within_the_cache_bound()
    {
        var (id, key) = await _a.CreateKeyAsync(new JsonObject { ["name"] = "shared" });
        using var onA = _a.CreateClient(key);
        using var onB = _b.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/auth/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _a.Client.DeleteAsync($"/gateway/keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onA.GetAsync("/auth/me")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(KeyCacheSeconds + 0.2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync("/auth/me")).StatusCode);

        // The audit trail written by A is read through B.
        var created = await _b.WaitForAuditAsync("key.created", e => e["target"]?.GetValue<string>() == id);
        Assert.Equal("success", created["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_mcp_session_created_on_one_process_is_served_by_the_other_and_deleted_there_for_both()
    {
        await using var server = await McpServers.StartTestServerHttpAsync("shared-1");
        await _a.RegisterAsync(McpServers.Http("shared", "shared-1", server.Endpoint));
        await _b.Get<GatewayRegistry>().RefreshAsync(CancellationToken.None);

        var first = new RawMcpClient(_a.Client, new Uri(_a.BaseAddress, "/mcp/shared").ToString());
        await first.InitializeAsync("2025-11-25");
        Assert.NotNull(first.SessionId);
        var second = new RawMcpClient(_b.Client, new Uri(_b.BaseAddress, "/mcp/shared").ToString())
        {
            SessionId = first.SessionId,
            ProtocolVersion = first.ProtocolVersion,
        };

        var call = await second.SendAsync("tools/call", new JsonObject { ["name"] = "test_simple_text", ["arguments"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.OK, call.Status);
        Assert.Equal("This is a simple text response for testing.", call.Final["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await first.SendAsync("tools/list")).Status);

        // Ended on B; A answers 404 once its revalidation window (McpGateway:Mcp:SessionRevalidateMilliseconds, 1 s) has passed.
        Assert.Equal(HttpStatusCode.OK, await second.DeleteAsync());
        var status = HttpStatusCode.OK;
        for (var i = 0; i < 50 && status != HttpStatusCode.NotFound; i++)
        {
            await Task.Delay(100);
            status = (await first.SendAsync("tools/list")).Status;
        }
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(HttpStatusCode.NotFound, await first.DeleteAsync());
    }
}
