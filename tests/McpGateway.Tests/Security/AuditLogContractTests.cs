using McpGateway.Security;

namespace McpGateway.Tests.Security;

/// <summary>The behaviour every <see cref="IAuditLog"/> implementation must have. One derived class per store.</summary>
public abstract class AuditLogContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    protected IAuditLog Log { get; private set; } = null!;

    protected abstract Task<IAuditLog> CreateLogAsync();

    public async Task InitializeAsync()
    {
        Log = await CreateLogAsync();
        await Log.InitializeAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static AuditEntry Entry(int i, string actor = "ann", string action = "login.succeeded") => new()
    {
        Id = $"{T0.AddSeconds(i).UtcTicks:D19}-{i:D6}-abcdef",
        Time = T0.AddSeconds(i),
        Actor = actor,
        Action = action,
        Target = "t" + i,
        Outcome = "success",
        ClientAddress = "127.0.0.1",
        Detail = "d" + i,
    };

    [Fact]
    public async Task Entries_come_back_newest_first_with_every_field()
    {
        await Log.AppendAsync([Entry(1), Entry(2)]);
        await Log.AppendAsync([Entry(3)]);
        var page = await Log.QueryAsync(new AuditQuery());
        Assert.Equal(["t3", "t2", "t1"], page.Entries.Select(e => e.Target));
        Assert.Equal(Entry(3), page.Entries[0]);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Appending_an_existing_id_is_ignored()
    {
        await Log.AppendAsync([Entry(1)]);
        await Log.AppendAsync([Entry(1) with { Detail = "changed" }]);
        Assert.Equal("d1", Assert.Single((await Log.QueryAsync(new AuditQuery())).Entries).Detail);
    }

    [Fact]
    public async Task Filters_combine()
    {
        await Log.AppendAsync([Entry(1, "ann"), Entry(2, "bob"), Entry(3, "ann", "key.created"), Entry(4, "ann")]);
        Assert.Equal(["t4", "t3", "t1"], (await Log.QueryAsync(new AuditQuery(Actor: "ann"))).Entries.Select(e => e.Target));
        Assert.Equal(["t4", "t2", "t1"], (await Log.QueryAsync(new AuditQuery(Action: "login.succeeded"))).Entries.Select(e => e.Target));
        Assert.Equal(["t4"], (await Log.QueryAsync(new AuditQuery(Since: T0.AddSeconds(3.5), Actor: "ann"))).Entries.Select(e => e.Target));
        Assert.Empty((await Log.QueryAsync(new AuditQuery(Actor: "x' or 1=1 --"))).Entries);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_without_gaps_or_repeats()
    {
        await Log.AppendAsync(Enumerable.Range(1, 7).Select(i => Entry(i)).ToList());
        var seen = new List<string?>();
        string? cursor = null;
        do
        {
            var page = await Log.QueryAsync(new AuditQuery(Limit: 3, Before: cursor));
            Assert.InRange(page.Entries.Count, 1, 3);
            seen.AddRange(page.Entries.Select(e => e.Target));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(Enumerable.Range(1, 7).Reverse().Select(i => "t" + i), seen);
    }
}
