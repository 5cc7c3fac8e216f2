using McpGateway.Jobs;
using McpGateway.Storage.Sqlite;

namespace McpGateway.Tests.Jobs;

public sealed class SqliteJobQueueTests : JobQueueContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"));

    protected override Task<IJobQueue> CreateQueueAsync()
        => Task.FromResult<IJobQueue>(new SqliteJobQueue(new SqliteDatabase(Path.Combine(_directory, "q.db")), TimeProvider.System));

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
