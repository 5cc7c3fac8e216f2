using McpGateway.Mcp;
using McpGateway.Storage.Sqlite;

namespace McpGateway.Tests.Mcp;

[Collection(McpGateway.Tests.Storage.SqlitePoolsCollection.Name)]
public sealed class SqliteMcpSessionStoreTests : McpSessionStoreContractTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"), "gateway.db");

    protected override Task<IMcpSessionStore> CreateStoreAsync() => Task.FromResult<IMcpSessionStore>(new SqliteMcpSessionStore(new SqliteDatabase(_path)));

    protected override async Task<IMcpSessionStore> OpenSameStoreAsync()
    {
        var store = new SqliteMcpSessionStore(new SqliteDatabase(_path));
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
