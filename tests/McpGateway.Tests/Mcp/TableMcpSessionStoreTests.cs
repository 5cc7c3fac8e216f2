using System.Text.Json.Nodes;
using Azure.Data.Tables;
using McpGateway.Mcp;
using McpGateway.Storage.Azure;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Mcp;

/// <summary>The session store contract against Azure Table Storage (Azurite), plus the layout and long capabilities.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableMcpSessionStoreTests(AzuriteFixture azurite) : McpSessionStoreContractTests
{
    private readonly string _table = AzuriteTables.UniqueName();

    protected override Task<IMcpSessionStore> CreateStoreAsync() => Task.FromResult<IMcpSessionStore>(Open());

    protected override async Task<IMcpSessionStore> OpenSameStoreAsync()
    {
        var store = Open();
        await store.InitializeAsync();
        return store;
    }

    public override async Task DisposeAsync() => await AzuriteTables.Client(azurite, _table).DeleteAsync();

    private TableMcpSessionStore Open() => new(AzuriteTables.Client(azurite, _table));

    private async Task<List<TableEntity>> RowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in AzuriteTables.Client(azurite, _table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public async Task Rows_follow_the_documented_layout()
    {
        await Store.CreateAsync(Session("s-layout"));
        await Store.TouchAsync("s-layout", DateTimeOffset.UtcNow, dedicated: true);
        var row = Assert.Single(await RowsAsync());
        Assert.Equal(("s-layout", "session"), (row.PartitionKey, row.RowKey));
        Assert.Contains("\"target\":\"fs\"", row.GetString("Json"));
        Assert.True(row.GetBoolean("Dedicated"));
        Assert.NotNull(row.GetDateTimeOffset("LastSeenAt"));
    }

    [Fact]
    public async Task Capabilities_longer_than_one_property_are_chunked_and_deleted_with_the_session()
    {
        var big = new JsonObject { ["experimental"] = new JsonObject { ["blob"] = new string('x', 100_000) } };
        await Store.CreateAsync(Session("s-big") with { ClientCapabilities = big });
        Assert.True(JsonNode.DeepEquals(big, (await Store.GetAsync("s-big"))!.ClientCapabilities));
        Assert.True((await RowsAsync()).Count > 1);

        Assert.True(await Store.DeleteAsync("s-big"));
        Assert.Empty(await RowsAsync());

        await Store.CreateAsync(Session("s-big-idle") with { ClientCapabilities = big });
        Assert.Equal(["s-big-idle"], await Store.DeleteIdleAsync(DateTimeOffset.MaxValue.AddDays(-1)));
        Assert.Empty(await RowsAsync());
    }
}
