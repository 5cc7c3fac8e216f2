using McpGateway.Azure.Storage.Tables;
using McpGateway.Azure.Storage.Tests.Azurite;
using static McpGateway.Azure.Storage.Tests.Tables.TableEntityTests;

namespace McpGateway.Azure.Storage.Tests.Tables;

[Collection(AzuriteCollection.Name)]
public sealed class TableTransactionTests(AzuriteFixture azurite)
{
    private async Task<TableClient> NewTableAsync()
    {
        TableClient table = StorageAccount.FromConnectionString(azurite.ConnectionString).GetTableClient(Names.Table());
        await table.CreateIfNotExistsAsync();
        return table;
    }

    [Fact]
    public async Task Transaction_applies_every_kind_of_action()
    {
        TableClient table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "merge") { ["A"] = 1, ["B"] = 1 });
        await table.AddEntityAsync(new TableEntity("p", "replace") { ["A"] = 1, ["B"] = 1 });
        await table.AddEntityAsync(new TableEntity("p", "delete"));
        var results = (await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "add") { ["A"] = 1 }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "merge") { ["B"] = 2 }),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "replace") { ["B"] = 2 }),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "upsert1") { ["A"] = 1 }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "upsert2") { ["A"] = 1 }),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete")),
        ])).Value;

        Assert.Equal(6, results.Count);
        Assert.All(results.Take(5), r => Assert.NotEqual(default, r.ETag));
        Assert.All(results, r => Assert.Equal(204, r.Status));

        List<TableEntity> rows = await ToListAsync(table.QueryAsync(ODataFilter.Equal("PartitionKey", "p")));
        Assert.Equal(["add", "merge", "replace", "upsert1", "upsert2"], rows.Select(r => r.RowKey).Order());
        TableEntity merged = rows.Single(r => r.RowKey == "merge");
        Assert.Equal((1, 2), (merged.GetInt32("A"), merged.GetInt32("B")));
        Assert.False(rows.Single(r => r.RowKey == "replace").ContainsKey("A"));
        await table.DeleteAsync();
    }

    [Fact]
    public async Task Transaction_with_one_failing_action_changes_nothing()
    {
        TableClient table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "exists") { ["V"] = "original" });

        var ex = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "new0")),
            new(TableTransactionActionType.Add, new TableEntity("p", "new1")),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "other") { ["V"] = "changed" }),
            new(TableTransactionActionType.Add, new TableEntity("p", "exists")), // 409: already there
            new(TableTransactionActionType.Add, new TableEntity("p", "new2")),
        ]));

        Assert.Equal(409, ex.Status);
        Assert.Equal(StorageErrors.EntityAlreadyExists, ex.ErrorCode);
        Assert.Equal(3, ex.FailedActionIndex);

        List<TableEntity> rows = await ToListAsync(table.QueryAsync(ODataFilter.Equal("PartitionKey", "p")));
        TableEntity only = Assert.Single(rows);
        Assert.Equal("original", only.GetString("V"));
        await table.DeleteAsync();
    }

    [Fact]
    public async Task Transaction_rules_are_checked_before_sending()
    {
        TableClient table = StorageAccount.FromConnectionString(azurite.ConnectionString).GetTableClient("nevercreated");
        await Assert.ThrowsAnyAsync<ArgumentException>(() => table.SubmitTransactionAsync(
            [new(TableTransactionActionType.Add, new TableEntity("a", "1")), new(TableTransactionActionType.Add, new TableEntity("b", "1"))]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => table.SubmitTransactionAsync(
            Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("a", i.ToString())))));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => table.SubmitTransactionAsync(
            [new(TableTransactionActionType.Add, new TableEntity("a", "1")), new(TableTransactionActionType.Delete, new TableEntity("a", "1"))]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => table.SubmitTransactionAsync([]));
    }
}
