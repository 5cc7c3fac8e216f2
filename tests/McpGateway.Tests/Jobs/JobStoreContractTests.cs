using System.Text.Json.Nodes;
using McpGateway.Jobs;

namespace McpGateway.Tests.Jobs;

/// <summary>What every <see cref="IJobStore"/> must do (SQLite, Azure Tables).</summary>
public abstract class JobStoreContractTests : IAsyncLifetime
{
    protected IJobStore Store { get; private set; } = null!;

    protected abstract Task<IJobStore> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.InitializeAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static JobRecord Job(string id, string status = JobStatus.Queued, string template = "t", string? batch = null) => new()
    {
        Id = id,
        Template = template,
        Tool = "echo",
        Arguments = new JsonObject { ["message"] = "hi", ["n"] = 1 },
        Status = status,
        CreatedAt = DateTimeOffset.UnixEpoch.AddDays(1),
        UpdatedAt = DateTimeOffset.UnixEpoch.AddDays(1),
        BatchId = batch,
    };

    [Fact]
    public async Task A_created_job_reads_back_whole_at_version_one()
    {
        await Store.CreateAsync(Job("j1"));
        var job = await Store.GetAsync("j1");
        Assert.NotNull(job);
        Assert.Equal(1, job!.Version);
        Assert.Equal("hi", job.Arguments!["message"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(1), job.CreatedAt);
        Assert.Null(await Store.GetAsync("missing"));
    }

    [Fact]
    public async Task Updates_are_guarded_by_version()
    {
        await Store.CreateAsync(Job("j1"));
        var job = (await Store.GetAsync("j1"))!;
        var running = await Store.TryUpdateAsync(job with { Status = JobStatus.Running, Attempts = 1 });
        Assert.NotNull(running);
        Assert.Equal(2, running!.Version);
        Assert.Null(await Store.TryUpdateAsync(job with { Status = JobStatus.Cancelled }));
        Assert.Equal(JobStatus.Running, (await Store.GetAsync("j1"))!.Status);
    }

    [Fact]
    public async Task Large_results_round_trip_whole()
    {
        await Store.CreateAsync(Job("big"));
        var job = (await Store.GetAsync("big"))!;
        var text = string.Concat(Enumerable.Repeat("0123456789abcdef", 64 * 1024)); // 1 MiB of text
        var result = new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }) };
        Assert.NotNull(await Store.TryUpdateAsync(job with { Status = JobStatus.Succeeded, Result = result }));
        var stored = (await Store.GetAsync("big"))!;
        Assert.Equal(text, stored.Result!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Listing_filters_and_pages_newest_first()
    {
        for (var i = 0; i < 7; i++)
        {
            await Store.CreateAsync(Job($"j{i}", i % 2 == 0 ? JobStatus.Queued : JobStatus.Succeeded, template: i < 5 ? "a" : "b", batch: i < 3 ? "b1" : null));
        }
        var first = await Store.ListAsync(new JobQuery(Limit: 3));
        Assert.Equal(["j6", "j5", "j4"], first.Jobs.Select(j => j.Id));
        Assert.NotNull(first.ContinuationToken);
        var second = await Store.ListAsync(new JobQuery(Limit: 3, ContinuationToken: first.ContinuationToken));
        Assert.Equal(["j3", "j2", "j1"], second.Jobs.Select(j => j.Id));
        var last = await Store.ListAsync(new JobQuery(Limit: 3, ContinuationToken: second.ContinuationToken));
        Assert.Equal(["j0"], last.Jobs.Select(j => j.Id));
        Assert.Null(last.ContinuationToken);

        Assert.Equal(["j6", "j4", "j2", "j0"], (await Store.ListAsync(new JobQuery(Status: JobStatus.Queued))).Jobs.Select(j => j.Id));
        Assert.Equal(["j6", "j5"], (await Store.ListAsync(new JobQuery(Template: "b"))).Jobs.Select(j => j.Id));
        Assert.Equal(["j2", "j1", "j0"], (await Store.ListAsync(new JobQuery(BatchId: "b1"))).Jobs.Select(j => j.Id));
        Assert.Empty((await Store.ListAsync(new JobQuery(Template: "x' OR '1'='1"))).Jobs);
    }

    [Fact]
    public async Task A_status_filter_follows_updates()
    {
        await Store.CreateAsync(Job("j1"));
        var job = (await Store.GetAsync("j1"))!;
        await Store.TryUpdateAsync(job with { Status = JobStatus.Running });
        Assert.Empty((await Store.ListAsync(new JobQuery(Status: JobStatus.Queued))).Jobs);
        Assert.Single((await Store.ListAsync(new JobQuery(Status: JobStatus.Running))).Jobs);
    }

    [Fact]
    public async Task Batches_round_trip()
    {
        var batch = new BatchRecord { Id = "b1", Template = "t", JobIds = ["j1", "j2"], MaxParallel = 4, CreatedAt = DateTimeOffset.UnixEpoch };
        await Store.CreateBatchAsync(batch);
        var stored = await Store.GetBatchAsync("b1");
        Assert.Equal(["j1", "j2"], stored!.JobIds);
        Assert.Equal(4, stored.MaxParallel);
        Assert.Null(await Store.GetBatchAsync("b2"));
    }
}
