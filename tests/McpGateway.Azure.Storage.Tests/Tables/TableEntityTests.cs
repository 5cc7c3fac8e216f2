using Azure;
using McpGateway.Azure.Storage.Tables;
using McpGateway.Azure.Storage.Tests.Azurite;

namespace McpGateway.Azure.Storage.Tests.Tables;

[Collection(AzuriteCollection.Name)]
public sealed class TableEntityTests(AzuriteFixture azurite)
{
    private async Task<TableClient> NewTableAsync()
    {
        TableClient table = StorageAccount.FromConnectionString(azurite.ConnectionString).GetTableClient(Names.Table());
        await table.CreateIfNotExistsAsync();
        return table;
    }

    [Fact]
    public async Task Create_is_idempotent_and_crud_round_trips()
    {
        TableClient table = await NewTableAsync();
        await table.CreateIfNotExistsAsync(); // second call: 409 swallowed

        var entity = new TableEntity("p1", "r1") { ["Name"] = "first" };
        ETag etag = (await table.AddEntityAsync(entity)).Value;
        Assert.NotEqual(default, etag);

        TableEntity read = (await table.GetEntityAsync("p1", "r1")).Value;
        Assert.Equal("first", read.GetString("Name"));
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);

        read["Name"] = "second";
        ETag updated = (await table.UpdateEntityAsync(read, read.ETag, TableUpdateMode.Replace)).Value;
        Assert.NotEqual(etag, updated);
        Assert.Equal("second", (await table.GetEntityAsync("p1", "r1")).Value.GetString("Name"));

        await table.DeleteEntityAsync("p1", "r1", updated);
        NullableResponse<TableEntity> gone = await table.GetEntityIfExistsAsync("p1", "r1");
        Assert.False(gone.HasValue);
        Assert.Equal(404, gone.GetRawResponse().Status);

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync("p1", "r1"));
        Assert.Equal(404, ex.Status);
        Assert.Equal(StorageErrors.ResourceNotFound, ex.ErrorCode);
        Assert.True(ex.IsNotFound());

        // Deleting a missing entity is not an error.
        Assert.Equal(404, (await table.DeleteEntityAsync("p1", "r1")).Status);
        await table.DeleteAsync();
    }

    [Fact]
    public async Task Typed_properties_round_trip_exactly()
    {
        TableClient table = await NewTableAsync();
        var when = new DateTime(2024, 2, 29, 13, 45, 7, DateTimeKind.Utc).AddTicks(1234567);
        var id = Guid.NewGuid();
        byte[] bytes = [0, 1, 2, 250, 255, 10, 13];
        var entity = new TableEntity("typed", "row")
        {
            ["Int64"] = 9_007_199_254_740_993L, // not representable as a double
            ["SmallInt64"] = 5L,
            ["Int32"] = -42,
            ["Double"] = 3.25,
            ["WholeDouble"] = 2.0,
            ["Bool"] = true,
            ["Text"] = "héllo 'quoted' \"double\" <xml> & ünïcode ✓",
            ["When"] = when,
            ["WhenOffset"] = new DateTimeOffset(2023, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            ["Id"] = id,
            ["Bytes"] = bytes,
        };
        await table.AddEntityAsync(entity);

        foreach (TableEntity read in new[]
        {
            (await table.GetEntityAsync("typed", "row")).Value,
            await SingleAsync(table.QueryAsync(ODataFilter.Equal("PartitionKey", "typed"))),
        })
        {
            Assert.Equal(9_007_199_254_740_993L, Assert.IsType<long>(read["Int64"]));
            Assert.Equal(5L, Assert.IsType<long>(read["SmallInt64"]));
            Assert.Equal(-42, Assert.IsType<int>(read["Int32"]));
            Assert.Equal(3.25, Assert.IsType<double>(read["Double"]));
            Assert.Equal(2.0, Assert.IsType<double>(read["WholeDouble"]));
            Assert.True(Assert.IsType<bool>(read["Bool"]));
            Assert.Equal(entity["Text"], read["Text"]);
            Assert.Equal(when, read.GetDateTime("When"));
            Assert.Equal(DateTimeKind.Utc, read.GetDateTime("When")!.Value.Kind);
            Assert.Equal(new DateTime(2023, 1, 2, 1, 4, 5, DateTimeKind.Utc), read.GetDateTime("WhenOffset"));
            Assert.Equal(id, Assert.IsType<Guid>(read["Id"]));
            Assert.Equal(bytes, read.GetBinary("Bytes"));
        }

        // Typed filters hit the typed values.
        Assert.Single(await ToListAsync(table.QueryAsync(ODataFilter.Equal("Int64", 9_007_199_254_740_993L))));
        Assert.Single(await ToListAsync(table.QueryAsync(ODataFilter.Equal("Id", id))));
        Assert.Single(await ToListAsync(table.QueryAsync(ODataFilter.Equal("When", when))));
        Assert.Empty(await ToListAsync(table.QueryAsync(ODataFilter.GreaterThan("When", when))));
        await table.DeleteAsync();
    }

    [Fact]
    public async Task Keys_with_quotes_spaces_and_unicode_work_in_urls()
    {
        TableClient table = await NewTableAsync();
        string pk = "it's a 'key' with %20 & = + ü";
        string rk = "row'(1),*";
        await table.AddEntityAsync(new TableEntity(pk, rk) { ["V"] = 1 });
        TableEntity read = (await table.GetEntityAsync(pk, rk)).Value;
        Assert.Equal(pk, read.PartitionKey);
        Assert.Equal(rk, read.RowKey);
        await table.UpsertEntityAsync(new TableEntity(pk, rk) { ["V"] = 2 });
        Assert.Equal(2, (await table.GetEntityAsync(pk, rk)).Value.GetInt32("V"));
        await table.DeleteEntityAsync(pk, rk);
        Assert.False((await table.GetEntityIfExistsAsync(pk, rk)).HasValue);
        await table.DeleteAsync();
    }

    [Fact]
    public async Task Stale_etag_fails_update_and_delete_with_412_and_duplicate_insert_with_409()
    {
        TableClient table = await NewTableAsync();
        var entity = new TableEntity("p", "r") { ["N"] = 1 };
        ETag first = (await table.AddEntityAsync(entity)).Value;
        entity["N"] = 2;
        ETag second = (await table.UpdateEntityAsync(entity, first)).Value;

        entity["N"] = 3;
        var update = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(entity, first, TableUpdateMode.Replace));
        Assert.Equal(412, update.Status);
        Assert.Equal(StorageErrors.UpdateConditionNotSatisfied, update.ErrorCode);
        Assert.True(update.IsConditionFailed());

        var merge = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(entity, first, TableUpdateMode.Merge));
        Assert.True(merge.IsConditionFailed());

        var delete = await Assert.ThrowsAsync<RequestFailedException>(() => table.DeleteEntityAsync("p", "r", first));
        Assert.Equal(412, delete.Status);
        Assert.True(delete.IsConditionFailed());

        var insert = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));
        Assert.Equal(409, insert.Status);
        Assert.Equal(StorageErrors.EntityAlreadyExists, insert.ErrorCode);
        Assert.True(insert.IsConflict());

        Assert.Equal(2, (await table.GetEntityAsync("p", "r")).Value.GetInt32("N"));
        await table.DeleteEntityAsync("p", "r", second);

        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(entity, ETag.All));
        Assert.Equal(404, missing.Status);
        await table.DeleteAsync();
    }

    [Fact]
    public async Task Merge_keeps_other_properties_and_replace_drops_them()
    {
        TableClient table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["B"] = "b2", ["C"] = "c" }, TableUpdateMode.Merge);
        TableEntity merged = (await table.GetEntityAsync("p", "r")).Value;
        Assert.Equal(("a", "b2", "c"), (merged.GetString("A"), merged.GetString("B"), merged.GetString("C")));

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["C"] = "c2" }, TableUpdateMode.Replace);
        TableEntity replaced = (await table.GetEntityAsync("p", "r")).Value;
        Assert.False(replaced.ContainsKey("A"));
        Assert.False(replaced.ContainsKey("B"));
        Assert.Equal("c2", replaced.GetString("C"));

        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["D"] = 4 }, replaced.ETag, TableUpdateMode.Merge);
        TableEntity merged2 = (await table.GetEntityAsync("p", "r")).Value;
        Assert.Equal("c2", merged2.GetString("C"));
        Assert.Equal(4, merged2.GetInt32("D"));

        // Upsert creates when missing.
        await table.UpsertEntityAsync(new TableEntity("p", "new") { ["X"] = 1 }, TableUpdateMode.Replace);
        await table.UpsertEntityAsync(new TableEntity("p", "new2") { ["X"] = 1 }, TableUpdateMode.Merge);
        Assert.True((await table.GetEntityIfExistsAsync("p", "new")).HasValue);
        Assert.True((await table.GetEntityIfExistsAsync("p", "new2")).HasValue);
        await table.DeleteAsync();
    }

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static async Task<T> SingleAsync<T>(IAsyncEnumerable<T> items) => Assert.Single(await ToListAsync(items));
}
