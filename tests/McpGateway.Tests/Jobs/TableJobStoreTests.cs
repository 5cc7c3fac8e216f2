using System.Text.Json.Nodes;
using Azure.Data.Tables;
using McpGateway.Jobs;
using McpGateway.Storage.Azure;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Jobs;

/// <summary>The job store contract against Azure Table Storage (Azurite), plus what only the table layout can show.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableJobStoreTests(AzuriteFixture azurite) : JobStoreContractTests
{
    private readonly string _table = "jobs" + Guid.NewGuid().ToString("N");

    protected override Task<IJobStore> CreateStoreAsync() => Task.FromResult<IJobStore>(Open());

    public override async Task DisposeAsync() => await Table().DeleteAsync();

    private TableClient Table() => AzuriteTables.Client(azurite, _table);

    private TableJobStore Open() => new(Table(), TimeProvider.System);

    private static JobRecord Job(string id, JsonNode? result = null) => new()
    {
        Id = id,
        Template = "t",
        Tool = "echo",
        Status = JobStatus.Queued,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        Result = result,
    };

    private async Task<List<TableEntity>> RowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table().QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public async Task Rows_follow_the_documented_layout()
    {
        await Store.CreateAsync(Job("j1") with { BatchId = "b1", Owner = "alice" });
        await Store.CreateBatchAsync(new BatchRecord { Id = "b1", Template = "t", JobIds = ["j1"] });

        var rows = await RowsAsync();
        Assert.Equal(3, rows.Count);
        var reference = rows.Single(r => r.PartitionKey == "job-j1");
        Assert.Equal("ref", reference.RowKey);
        var record = rows.Single(r => r.PartitionKey.StartsWith("list-", StringComparison.Ordinal));
        Assert.Equal((reference.GetString("ListPartition"), reference.GetString("ListRow")), (record.PartitionKey, record.RowKey));
        Assert.Matches("^list-[0-9]{8}$", record.PartitionKey);
        Assert.Matches("^[0-9]{19}-j1$", record.RowKey);
        Assert.Equal(("j1", "queued", "t", "b1", "alice", 1L), (record.GetString("JobId"), record.GetString("Status"), record.GetString("Template"),
            record.GetString("BatchId"), record.GetString("Owner"), record.GetInt64("Version")));
        Assert.Contains("\"job_id\":\"j1\"", record.GetString("Json"));
        Assert.Equal("batch", rows.Single(r => r.PartitionKey == "batch-b1").RowKey);
    }

    [Fact]
    public async Task A_large_record_is_chunked_and_a_replaced_chunk_set_is_deleted()
    {
        await Store.CreateAsync(Job("big"));
        var job = (await Store.GetAsync("big"))!;
        var first = await Store.TryUpdateAsync(job with { Result = JsonValue.Create(new string('a', 600_000)) });
        var rows = await RowsAsync();
        Assert.Equal(3, rows.Count(r => r.RowKey.StartsWith("chunk-", StringComparison.Ordinal))); // 600 KB in 256K-character rows
        var record = rows.Single(r => r.PartitionKey.StartsWith("list-", StringComparison.Ordinal));
        Assert.False(record.ContainsKey("Json"));
        Assert.Equal(3, record.GetInt32("Chunks"));

        Assert.NotNull(await Store.TryUpdateAsync(first! with { Result = JsonValue.Create(new string('b', 100_000)) }));
        rows = await RowsAsync();
        var chunks = rows.Where(r => r.RowKey.StartsWith("chunk-", StringComparison.Ordinal)).ToList();
        Assert.Single(chunks);
        Assert.Equal(new string('b', 100_000), (await Store.GetAsync("big"))!.Result!.GetValue<string>());

        // A second process (no cached state) reads the same record whole.
        Assert.Equal(new string('b', 100_000), (await Open().GetAsync("big"))!.Result!.GetValue<string>());
    }

    [Fact]
    public async Task Large_batches_round_trip()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => "j_" + Guid.NewGuid().ToString("N")).ToList(); // ~37K characters of JSON
        await Store.CreateBatchAsync(new BatchRecord { Id = "b1", Template = "t", JobIds = ids, MaxParallel = 3 });
        Assert.Equal(ids, (await Open().GetBatchAsync("b1"))!.JobIds);
    }

    [Fact]
    public async Task Two_processes_racing_one_version_have_one_winner()
    {
        await Store.CreateAsync(Job("race"));
        var other = Open();
        var mine = (await Store.GetAsync("race"))!;
        var theirs = (await other.GetAsync("race"))!;
        var results = await Task.WhenAll(
            Store.TryUpdateAsync(mine with { Status = JobStatus.Running }),
            other.TryUpdateAsync(theirs with { Status = JobStatus.Cancelled }));
        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(2, winner!.Version);
        Assert.Equal(winner.Status, (await Open().GetAsync("race"))!.Status);
        // The loser's process learns the new version and can update from it.
        var fresh = (await other.GetAsync("race"))!;
        Assert.Equal(3, (await other.TryUpdateAsync(fresh with { Attempts = 1 }))!.Version);
        Assert.Null(await Store.TryUpdateAsync(mine with { Attempts = 5 }));
    }

    [Fact]
    public async Task Ids_that_cannot_be_keys_are_never_found()
    {
        Assert.Null(await Store.GetAsync("a/b"));
        Assert.Null(await Store.GetAsync("x?y"));
        Assert.Null(await Store.GetBatchAsync("#"));
        Assert.Null(await Store.TryUpdateAsync(Job("a\\b") with { Version = 1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(Job("a/b")));
    }

    [Fact]
    public async Task Bad_continuation_tokens_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListAsync(new JobQuery(ContinuationToken: "x' or '1' eq '1")));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListAsync(new JobQuery(ContinuationToken: "123")));
    }

    [Fact]
    public async Task Listing_pages_through_every_job_newest_first()
    {
        // Rows of other kinds (references, chunks, batches) sit outside the list-* range and never count.
        for (var i = 0; i < 30; i++)
        {
            await Store.CreateAsync(Job($"j{i:D2}"));
        }
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.ListAsync(new JobQuery(Limit: 7, ContinuationToken: token));
            seen.AddRange(page.Jobs.Select(j => j.Id));
            token = page.ContinuationToken;
        }
        while (token is not null);
        Assert.Equal(Enumerable.Range(0, 30).Reverse().Select(i => $"j{i:D2}"), seen);
    }
}
