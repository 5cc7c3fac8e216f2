using McpGateway.Jobs;
using McpGateway.Storage.Sqlite;

namespace McpGateway.Tests.Jobs;

[Collection(McpGateway.Tests.Storage.SqlitePoolsCollection.Name)]
public sealed class SqliteJobQueueTests : JobQueueContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"));

    protected override Task<IJobQueue> CreateQueueAsync()
        => Task.FromResult<IJobQueue>(new SqliteJobQueue(new SqliteDatabase(Path.Combine(_directory, "q.db")), TimeProvider.System));

    protected override IJobQueues CreateQueues() => new SqliteJobQueues(new SqliteDatabase(Path.Combine(_directory, "q.db")), TimeProvider.System);

    [Fact]
    public async Task The_default_queue_name_is_the_embedded_stores_historical_jobs_queue()
    {
        await Queue.EnqueueAsync("queued before named queues");
        var main = CreateQueues().Get(JobOptions.DefaultQueueName);
        Assert.Equal("queued before named queues", Assert.Single(await main.ReceiveAsync(1, TimeSpan.FromSeconds(30))).Text);
    }

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
