using Azure.Data.Tables;
using McpGateway.Security;
using McpGateway.Storage.Azure;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Security;

/// <summary>The principal store contract against Azure Table Storage (Azurite), plus the documented layout.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TablePrincipalStoreTests(AzuriteFixture azurite) : PrincipalStoreContractTests
{
    private readonly string _table = AzuriteTables.UniqueName();

    protected override Task<IPrincipalStore> CreateStoreAsync() => Task.FromResult<IPrincipalStore>(Open());

    protected override async Task<IPrincipalStore> OpenSameStoreAsync()
    {
        var store = Open();
        await store.InitializeAsync();
        return store;
    }

    public override async Task DisposeAsync() => await AzuriteTables.Client(azurite, _table).DeleteAsync();

    protected override async Task AddKeyWithoutOwnerIdAsync(string id, string owner)
        => await AzuriteTables.Client(azurite, _table).AddEntityAsync(new TableEntity("key", id)
        {
            ["Owner"] = owner, ["OwnerKey"] = owner.ToLowerInvariant(), ["Role"] = "user", ["Hash"] = new string('d', 64),
            ["CreatedAt"] = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero),
        });

    private TablePrincipalStore Open() => new(AzuriteTables.Client(azurite, _table));

    [Fact]
    public async Task Rows_follow_the_documented_layout_and_names_compare_case_insensitively()
    {
        var now = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        await Store.AddUserAsync(new GatewayUser("ann", "admin", "h", now));
        await Store.AddKeyAsync(new ApiKeyRecord { Id = "abcdefghijkl", Owner = "Ann", OwnerId = "user:Ann", Role = "user", Hash = new string('b', 64), CreatedAt = now });

        var rows = new List<TableEntity>();
        await foreach (var row in AzuriteTables.Client(azurite, _table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }
        Assert.Equal(["key/abcdefghijkl", "user/ann"], rows.Select(r => $"{r.PartitionKey}/{r.RowKey}").Order(StringComparer.Ordinal));
        Assert.Equal("ann", rows.Single(r => r.PartitionKey == "key").GetString("OwnerKey"));
        Assert.Equal("user:Ann", rows.Single(r => r.PartitionKey == "key").GetString("OwnerId"));
        Assert.Equal("user:ann", rows.Single(r => r.PartitionKey == "key").GetString("OwnerIdKey"));

        Assert.Equal("ann", (await Store.FindUserAsync("ANN"))?.Username);
        await Assert.ThrowsAsync<PrincipalConflictException>(() => Store.AddUserAsync(new GatewayUser("Ann", "user", "h", now)));
        Assert.Single(await Store.ListKeysAsync("USER:ANN"));
        Assert.True(await Store.RemoveUserAsync("Ann"));
    }

    [Fact]
    public async Task Two_processes_racing_a_revocation_revoke_once()
    {
        var other = await OpenSameStoreAsync();
        var now = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 10; i++)
        {
            await Store.AddKeyAsync(new ApiKeyRecord { Id = $"race{i:D8}", Owner = "ann", OwnerId = "user:ann", Role = "user", Hash = new string('c', 64), CreatedAt = now });
        }
        var results = await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(i => new[]
        {
            Store.RevokeKeyAsync($"race{i:D8}", now.AddHours(1)),
            other.RevokeKeyAsync($"race{i:D8}", now.AddHours(2)),
        }));
        Assert.Equal(10, results.Count(r => r));
        Assert.All(await Store.ListKeysAsync(), k => Assert.NotNull(k.RevokedAt));
    }

    [Fact]
    public async Task Values_that_cannot_be_keys_find_nothing()
    {
        Assert.Null(await Store.FindUserAsync("a/b"));
        Assert.Null(await Store.FindKeyAsync("a#b?"));
        Assert.False(await Store.RevokeKeyAsync("a\\b", DateTimeOffset.UnixEpoch));
        Assert.False(await Store.RemoveUserAsync("a\u0001b"));
    }
}
