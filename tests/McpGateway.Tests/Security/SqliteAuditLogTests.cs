using McpGateway.Security;
using McpGateway.Storage.Sqlite;

namespace McpGateway.Tests.Security;

[Collection(McpGateway.Tests.Storage.SqlitePoolsCollection.Name)]
public sealed class SqliteAuditLogTests : AuditLogContractTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"), "gateway.db");

    protected override Task<IAuditLog> CreateLogAsync() => Task.FromResult<IAuditLog>(new SqliteAuditLog(new SqliteDatabase(_path)));

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
        return Task.CompletedTask;
    }
}
