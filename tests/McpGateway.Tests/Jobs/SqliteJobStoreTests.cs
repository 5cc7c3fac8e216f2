using McpGateway.Jobs;
using McpGateway.Storage.Sqlite;

namespace McpGateway.Tests.Jobs;

[Collection(McpGateway.Tests.Storage.SqlitePoolsCollection.Name)]
public sealed class SqliteJobStoreTests : JobStoreContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"));

    protected override Task<IJobStore> CreateStoreAsync()
        => Task.FromResult<IJobStore>(new SqliteJobStore(new SqliteDatabase(Path.Combine(_directory, "jobs.db"))));

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
