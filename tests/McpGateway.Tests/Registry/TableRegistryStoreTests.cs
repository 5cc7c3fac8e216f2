using Azure.Data.Tables;
using McpGateway.Registry;
using McpGateway.Storage.Azure;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Registry;

/// <summary>The store contract against Azure Table Storage (Azurite), plus what only the table layout can show.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableRegistryStoreTests(AzuriteFixture azurite) : RegistryStoreContractTests
{
    private readonly string _table = AzuriteTables.UniqueName();

    protected override Task<IRegistryStore> CreateStoreAsync() => Task.FromResult<IRegistryStore>(Open());

    protected override async Task<IRegistryStore> OpenSameStoreAsync()
    {
        var store = Open();
        await store.InitializeAsync();
        return store;
    }

    public override async Task DisposeAsync() => await AzuriteTables.Client(azurite, _table).DeleteAsync();

    private TableRegistryStore Open() => new(AzuriteTables.Client(azurite, _table), TimeProvider.System);

    [Fact]
    public async Task Rows_follow_the_documented_layout()
    {
        await Store.AddInstanceAsync(new InstanceDefinition { Template = "fs", Id = "fs-1", Endpoint = "http://127.0.0.1:9/mcp" });
        await Store.UpsertTemplateAsync("fs", new LoadBalancerSettings { Strategy = "random" });

        var rows = new List<TableEntity>();
        await foreach (var row in AzuriteTables.Client(azurite, _table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }
        Assert.Equal(["_meta/version", "fs/instance:fs-1", "fs/template"], rows.Select(r => $"{r.PartitionKey}/{r.RowKey}").Order(StringComparer.Ordinal));
        Assert.Equal(2L, rows.Single(r => r.PartitionKey == "_meta").GetInt64("Version"));
        var instance = rows.Single(r => r.RowKey == "instance:fs-1");
        Assert.Contains("\"endpoint\":\"http://127.0.0.1:9/mcp\"", instance.GetString("Definition"));
        Assert.Contains("\"status\":\"unknown\"", instance.GetString("Health"));
        Assert.NotNull(instance.GetInt64("Sequence"));
        Assert.Contains("\"strategy\":\"random\"", rows.Single(r => r.RowKey == "template").GetString("Settings"));
    }

    [Fact]
    public async Task Registries_past_one_page_load_fully_in_registration_order()
    {
        // 1,050 instance rows (the service returns at most 1,000 per page), written 100 per transaction.
        const int count = 1050;
        var table = AzuriteTables.Client(azurite, _table);
        var rows = Enumerable.Range(0, count)
            .Select(i => RegistryRows.NewInstance(new InstanceDefinition { Template = "big", Id = $"i-{i:D4}", Endpoint = "http://127.0.0.1:9/mcp" }, sequence: count - i))
            .Prepend(RegistryRows.TemplateMarker("big"));
        foreach (var chunk in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
        }

        var template = Assert.Single(await Store.LoadAsync());
        Assert.Equal(count, template.Instances.Count);
        Assert.Equal("i-1049", template.Instances[0].Definition.Id);
        Assert.Equal("i-0000", template.Instances[^1].Definition.Id);
    }

    [Fact]
    public async Task A_health_update_racing_a_removal_does_not_recreate_the_row()
    {
        var other = await OpenSameStoreAsync();
        for (var i = 0; i < 10; i++)
        {
            await Store.AddInstanceAsync(new InstanceDefinition { Template = "fs", Id = $"fs-{i}", Endpoint = "http://127.0.0.1:9/mcp" });
        }
        await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(i => new[]
        {
            Store.RemoveInstanceAsync("fs", $"fs-{i}"),
            other.UpdateHealthAsync("fs", $"fs-{i}", new InstanceHealth { Status = HealthStatus.Healthy }),
        }));
        Assert.Empty(Assert.Single(await Store.LoadAsync()).Instances);
    }
}
