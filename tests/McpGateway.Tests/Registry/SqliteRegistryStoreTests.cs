using McpGateway.Registry;
using McpGateway.Storage.Sqlite;

namespace McpGateway.Tests.Registry;

[Collection(McpGateway.Tests.Storage.SqlitePoolsCollection.Name)]
public sealed class SqliteRegistryStoreTests : RegistryStoreContractTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"), "gateway.db");

    protected override Task<IRegistryStore> CreateStoreAsync() => Task.FromResult<IRegistryStore>(new SqliteRegistryStore(new SqliteDatabase(_path)));

    protected override async Task<IRegistryStore> OpenSameStoreAsync()
    {
        var store = new SqliteRegistryStore(new SqliteDatabase(_path));
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
