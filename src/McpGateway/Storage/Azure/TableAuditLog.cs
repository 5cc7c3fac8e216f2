using Azure;
using Azure.Data.Tables;
using McpGateway.Security;

namespace McpGateway.Storage.Azure;

/// <summary>
/// The audit log on Azure Table Storage, shared by every gateway process on the same account and table. Layout:
/// <see cref="AuditRows"/> (newest first in the table's own order, one partition per day). Appends are entity-group
/// transactions per day; an id that exists already is skipped (first write wins, as in SQLite). Queries are one scan in
/// key order with the filters built by <see cref="TableClient.CreateQueryFilter(FormattableString)"/>; the cursor is the last entry's id.
/// </summary>
public sealed class TableAuditLog(TableClient table) : IAuditLog
{
    private const int MaxLimit = 1000;
    private const int MaxTransactionRows = 100;

    public string TableName => table.Name;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
        => await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

    /// <exception cref="ArgumentException">An id is not of the <see cref="AuditTrail"/> form (nothing is written then).</exception>
    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>(entries.Count);
        foreach (var entry in entries.DistinctBy(e => e.Id, StringComparer.Ordinal))
        {
            var (partition, row) = AuditRows.KeysOf(entry.Id)
                ?? throw new ArgumentException($"'{entry.Id}' is not an audit id ({{utc ticks:D19}}-[-0-9a-z]*).", nameof(entries));
            rows.Add(AuditRows.Entry(partition, row, entry));
        }
        foreach (var day in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in day.Chunk(MaxTransactionRows))
            {
                await AddAllAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <exception cref="ArgumentException"><see cref="AuditQuery.Before"/> is not an entry id.</exception>
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var limit = Math.Clamp(query.Limit, 1, MaxLimit);
        var conditions = new List<string>();
        if (query.Before is not null)
        {
            var (partition, row) = AuditRows.KeysOf(query.Before) ?? throw new ArgumentException("The cursor is not an audit entry id.", nameof(query));
            conditions.Add(TableClient.CreateQueryFilter($"PartitionKey ge {partition} and RowKey gt {row}"));
        }
        if (query.Since is { } since)
        {
            conditions.Add(TableClient.CreateQueryFilter($"PartitionKey le {AuditRows.PartitionAt(since)} and Time ge {since}"));
        }
        if (query.Actor is not null)
        {
            conditions.Add(TableClient.CreateQueryFilter($"Actor eq {query.Actor}"));
        }
        if (query.Action is not null)
        {
            conditions.Add(TableClient.CreateQueryFilter($"Action eq {query.Action}"));
        }

        // Pages may come back short or empty with a continuation; read until one entry more than the limit arrives.
        var entries = new List<AuditEntry>(limit + 1);
        // Each condition is a filter of the SDK's; they are only joined here.
        var filter = conditions.Count == 0 ? null : string.Join(" and ", conditions.Select(c => $"({c})"));
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit + 1, MaxLimit), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(AuditRows.Read(row));
            if (entries.Count > limit)
            {
                break;
            }
        }
        if (entries.Count <= limit)
        {
            return new AuditPage(entries, null);
        }
        entries.RemoveAt(entries.Count - 1);
        return new AuditPage(entries, entries[^1].Id);
    }

    private async Task AddAllAsync(TableEntity[] rows, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            // Some ids exist already (a retried batch): nothing was applied, so add one by one and skip those.
            foreach (var row in rows)
            {
                try
                {
                    await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException conflict) when (conflict.Status == 409)
                {
                }
            }
        }
    }
}
