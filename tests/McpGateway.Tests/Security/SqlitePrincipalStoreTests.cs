using McpGateway.Security;
using McpGateway.Storage.Sqlite;

namespace McpGateway.Tests.Security;

[Collection(McpGateway.Tests.Storage.SqlitePoolsCollection.Name)]
public sealed class SqlitePrincipalStoreTests : PrincipalStoreContractTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"), "gateway.db");

    protected override Task<IPrincipalStore> CreateStoreAsync() => Task.FromResult<IPrincipalStore>(new SqlitePrincipalStore(new SqliteDatabase(_path)));

    protected override async Task<IPrincipalStore> OpenSameStoreAsync()
    {
        var store = new SqlitePrincipalStore(new SqliteDatabase(_path));
        await store.InitializeAsync();
        return store;
    }

    protected override async Task AddKeyWithoutOwnerIdAsync(string id, string owner)
    {
        await using var connection = await new SqliteDatabase(_path).OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO api_keys (id, owner, role, hash, created_at) VALUES ($id, $owner, 'user', $hash, $created)";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$hash", new string('d', 64));
        command.Parameters.AddWithValue("$created", new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_database_from_before_owner_ids_gains_the_column_and_its_keys_keep_working()
    {
        var path = Path.Combine(Path.GetDirectoryName(_path)!, "old.db");
        await using (var connection = await new SqliteDatabase(path).OpenAsync(CancellationToken.None))
        {
            await using var command = connection.CreateCommand();
            // The api_keys table as the first release created it, with one key.
            command.CommandText = """
                CREATE TABLE api_keys (id TEXT PRIMARY KEY, name TEXT, owner TEXT NOT NULL COLLATE NOCASE, role TEXT NOT NULL,
                    hash TEXT NOT NULL, templates TEXT, tools TEXT, expires_at INTEGER, created_at INTEGER NOT NULL,
                    revoked_at INTEGER, rate_limit INTEGER);
                INSERT INTO api_keys (id, name, owner, role, hash, created_at, rate_limit) VALUES ('oldoldoldold', 'ci', 'ann', 'user', 'h', 0, 5);
                """;
            await command.ExecuteNonQueryAsync();
        }
        var store = new SqlitePrincipalStore(new SqliteDatabase(path));
        await store.InitializeAsync();
        await store.InitializeAsync(); // a second start (or process) finds the column there
        var old = await store.FindKeyAsync("oldoldoldold");
        Assert.Equal(("ann", "user:ann", "ci", 5), (old!.Owner, old.OwnerId, old.Name, old.RateLimit));
        await store.AddKeyAsync(old with { Id = "newnewnewnew", OwnerId = "static_key:api-key" });
        Assert.Equal("oldoldoldold", Assert.Single(await store.ListKeysAsync("user:ann")).Id);
        Assert.Equal("newnewnewnew", Assert.Single(await store.ListKeysAsync("static_key:api-key")).Id);
    }

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
        return Task.CompletedTask;
    }
}
