using Azure;
using McpGateway.Azure.Storage.Tables;
using McpGateway.Azure.Storage.Tests.Azurite;
using static McpGateway.Azure.Storage.Tests.Tables.TableEntityTests;

namespace McpGateway.Azure.Storage.Tests.Tables;

[Collection(AzuriteCollection.Name)]
public sealed class TableQueryTests(AzuriteFixture azurite)
{
    private async Task<TableClient> NewTableAsync()
    {
        TableClient table = StorageAccount.FromConnectionString(azurite.ConnectionString).GetTableClient(Names.Table());
        await table.CreateIfNotExistsAsync();
        return table;
    }

    [Fact]
    public async Task Query_follows_continuation_past_1000_entities()
    {
        TableClient table = await NewTableAsync();
        const int count = 1150;
        for (int batch = 0; batch < count / 100 + 1; batch++)
        {
            var actions = Enumerable.Range(batch * 100, Math.Min(100, count - batch * 100))
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("bulk", i.ToString("D5")) { ["I"] = i }))
                .ToList();
            if (actions.Count > 0)
            {
                await table.SubmitTransactionAsync(actions);
            }
        }

        List<TableEntity> all = await ToListAsync(table.QueryAsync(ODataFilter.Equal("PartitionKey", "bulk")));
        Assert.Equal(count, all.Count);
        Assert.Equal(Enumerable.Range(0, count), all.Select(e => e.GetInt32("I")!.Value).Order());

        // Page API: the first page is capped at 1,000 and carries a continuation token.
        var pages = new List<Page<TableEntity>>();
        await foreach (Page<TableEntity> page in table.QueryAsync(ODataFilter.Equal("PartitionKey", "bulk")).AsPages())
        {
            pages.Add(page);
        }

        Assert.True(pages.Count >= 2);
        Assert.Equal(1000, pages[0].Values.Count);
        Assert.NotNull(pages[0].ContinuationToken);
        Assert.Null(pages[^1].ContinuationToken);

        // Resume from a token by hand.
        Page<TableEntity> second = await table.GetEntitiesPageAsync(ODataFilter.Equal("PartitionKey", "bulk"), continuationToken: pages[0].ContinuationToken);
        Assert.Equal(count - 1000, second.Values.Count);
        await table.DeleteAsync();
    }

    [Fact]
    public async Task Select_and_top_shape_the_pages()
    {
        TableClient table = await NewTableAsync();
        await table.SubmitTransactionAsync(Enumerable.Range(0, 7).Select(i =>
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}") { ["A"] = i, ["B"] = "b", ["C"] = 1.5 })));

        Page<TableEntity> first = await table.GetEntitiesPageAsync(ODataFilter.Equal("PartitionKey", "p"), ["A", "C"], maxPerPage: 3);
        Assert.Equal(3, first.Values.Count);
        Assert.NotNull(first.ContinuationToken);
        foreach (TableEntity e in first.Values)
        {
            Assert.True(e.ContainsKey("A"));
            Assert.True(e.ContainsKey("C"));
            Assert.False(e.ContainsKey("B"));
            Assert.NotEqual(default, e.ETag);
        }

        var sizes = new List<int>();
        await foreach (Page<TableEntity> page in table.QueryAsync(ODataFilter.Equal("PartitionKey", "p"), maxPerPage: 3).AsPages())
        {
            sizes.Add(page.Values.Count);
        }

        Assert.Equal(7, sizes.Sum());
        Assert.All(sizes, s => Assert.True(s <= 3));

        TableEntity point = (await table.GetEntityAsync("p", "r1", ["B"])).Value;
        Assert.Equal("b", point.GetString("B"));
        Assert.False(point.ContainsKey("A"));
        await table.DeleteAsync();
    }

    [Fact]
    public async Task Injection_value_cannot_widen_a_filter()
    {
        TableClient table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("tenant-a", "1") { ["Secret"] = "a" });
        await table.AddEntityAsync(new TableEntity("tenant-b", "1") { ["Secret"] = "b" });

        const string hostile = "x' or PartitionKey ne '";

        // The naive way would return every tenant's rows...
        List<TableEntity> naive = await ToListAsync(table.QueryAsync($"PartitionKey eq '{hostile}'"));
        Assert.Equal(2, naive.Count);

        // ...the escaped literal matches nothing.
        Assert.Equal("PartitionKey eq 'x'' or PartitionKey ne '''", ODataFilter.Equal("PartitionKey", hostile));
        Assert.Empty(await ToListAsync(table.QueryAsync(ODataFilter.Equal("PartitionKey", hostile))));
        Assert.Empty(await ToListAsync(table.QueryAsync(ODataFilter.And(ODataFilter.Equal("PartitionKey", "tenant-a"), ODataFilter.Equal("RowKey", hostile)))));

        // And a value with quotes still finds its own row exactly.
        await table.AddEntityAsync(new TableEntity(hostile, "1"));
        TableEntity only = Assert.Single(await ToListAsync(table.QueryAsync(ODataFilter.Equal("PartitionKey", hostile))));
        Assert.Equal(hostile, only.PartitionKey);
        await table.DeleteAsync();
    }
}
