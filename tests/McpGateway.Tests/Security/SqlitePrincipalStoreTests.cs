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

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
        return Task.CompletedTask;
    }
}
