using Azure.Data.Tables;
using McpGateway.Security;
using McpGateway.Storage.Azure;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Security;

/// <summary>The audit log contract against Azure Table Storage (Azurite), plus day partitions and id order.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableAuditLogTests(AzuriteFixture azurite) : AuditLogContractTests
{
    private readonly string _table = AzuriteTables.UniqueName();

    protected override Task<IAuditLog> CreateLogAsync() => Task.FromResult<IAuditLog>(new TableAuditLog(AzuriteTables.Client(azurite, _table)));

    public override async Task DisposeAsync() => await AzuriteTables.Client(azurite, _table).DeleteAsync();

    private static AuditEntry At(DateTimeOffset time, string suffix) => new()
    {
        Id = $"{time.UtcTicks:D19}-{suffix}",
        Time = time,
        Actor = "ann",
        Action = "key.created",
        Outcome = "success",
    };

    [Fact]
    public async Task Pages_cross_day_partitions_newest_first_in_id_order()
    {
        var t0 = new DateTimeOffset(2026, 11, 21, 23, 59, 59, TimeSpan.Zero);
        // Several days, and several ids within one tick (where only the suffix orders them, as in SQLite's ORDER BY id DESC).
        var entries = new List<AuditEntry>();
        for (var day = 0; day < 4; day++)
        {
            foreach (var suffix in new[] { "000001-0a", "000001-0a0", "000002-ff", "000010-zz" })
            {
                entries.Add(At(t0.AddDays(day), suffix));
            }
        }
        await Log.AppendAsync(entries.OrderBy(_ => Guid.NewGuid()).ToList());

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Log.QueryAsync(new AuditQuery(Limit: 5, Before: cursor));
            seen.AddRange(page.Entries.Select(e => e.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(entries.Select(e => e.Id).OrderDescending(StringComparer.Ordinal), seen);

        var partitions = new HashSet<string>();
        await foreach (var row in AzuriteTables.Client(azurite, _table).QueryAsync<TableEntity>())
        {
            partitions.Add(row.PartitionKey);
        }
        Assert.Equal(4, partitions.Count);
        var since = await Log.QueryAsync(new AuditQuery(Since: t0.AddDays(2)));
        Assert.Equal(8, since.Entries.Count);
    }

    [Fact]
    public async Task Ids_and_cursors_not_of_the_audit_form_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Log.AppendAsync([At(DateTimeOffset.UnixEpoch, "x") with { Id = "x' or 1=1" }]));
        await Assert.ThrowsAsync<ArgumentException>(() => Log.QueryAsync(new AuditQuery(Before: "garbage")));
        Assert.Empty((await Log.QueryAsync(new AuditQuery())).Entries);
    }
}
