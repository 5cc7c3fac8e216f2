using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using McpGateway.Jobs;

namespace McpGateway.Storage.Azure;

/// <summary>
/// Jobs and batches on Azure Table Storage, shared by every gateway process (and Functions instance) on the account.
/// Layout: <see cref="JobRows"/>. A job's record row is its only mutable row: status, filter columns and record JSON
/// change together in one If-Match replace, so a listing filter never disagrees with the record. Records longer than
/// one property are written as a new chunk set first and swapped in by that replace (<see cref="TableChunks"/>).
/// Ids and filter values reach the service only through <see cref="TableKeys"/> and <see cref="TableClient.CreateQueryFilter(FormattableString)"/>.
/// </summary>
public sealed class TableJobStore : IJobStore
{
    private const int MaxReadAttempts = 5;
    private const int MaxCachedRows = 10_000;
    private static readonly string[] StateColumns = [JobRows.Version, JobRows.ChunkSet, JobRows.Chunks];
    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, JobRowState> _rows = new(StringComparer.Ordinal);
    private long _lastSequence;

    public TableJobStore(TableClient table, TimeProvider time)
    {
        _table = table;
        _time = time;
    }

    public string TableName => _table.Name;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
        => await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

    public async Task CreateAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        RequireStorable(job.Id);
        var stored = job with { Version = 1 };
        var (partition, row) = JobRows.ListKeys(NextSequence(), job.Id);
        try
        {
            await _table.AddEntityAsync(JobRows.Reference(job.Id, partition, row), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new InvalidOperationException($"Job '{job.Id}' already exists.", e);
        }
        var (entity, set, chunks) = await BuildRecordAsync(partition, row, stored, cancellationToken).ConfigureAwait(false);
        var added = await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        Remember(job.Id, new JobRowState(partition, row, 1, added.Headers.ETag ?? default, set, chunks));
    }

    public async Task<JobRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!JobRows.IsStorable(id))
        {
            return null;
        }
        for (var attempt = 0; attempt < MaxReadAttempts; attempt++)
        {
            var location = await LocateAsync(id, cancellationToken).ConfigureAwait(false);
            if (location is null)
            {
                return null;
            }
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(location.Partition, location.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!row.HasValue)
            {
                return null; // the reference was written but the record never was (the creator stopped in between)
            }
            if (await ReadRecordAsync(row.Value!, cancellationToken).ConfigureAwait(false) is { } job)
            {
                return job;
            }
        }
        throw new InvalidOperationException($"Job '{id}' kept changing while it was read.");
    }

    public async Task<JobRecord?> TryUpdateAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        if (!JobRows.IsStorable(job.Id))
        {
            return null;
        }
        var state = await StateAsync(job.Id, job.Version, cancellationToken).ConfigureAwait(false);
        if (state is null || state.Version != job.Version)
        {
            return null;
        }
        var stored = job with { Version = job.Version + 1 };
        var (entity, set, chunks) = await BuildRecordAsync(state.Partition, state.Row, stored, cancellationToken).ConfigureAwait(false);
        ETag etag;
        try
        {
            etag = (await _table.UpdateEntityAsync(entity, state.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)).Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status == 412 || e.Status == 404)
        {
            _rows.TryRemove(job.Id, out _);
            if (set is not null)
            {
                await TableChunks.DeleteAsync(_table, JobRows.JobPartition(job.Id), set, chunks, CancellationToken.None).ConfigureAwait(false);
            }
            return null;
        }
        Remember(job.Id, state with { Version = stored.Version, ETag = etag, ChunkSet = set, Chunks = chunks });
        if (state.ChunkSet is not null)
        {
            // Nothing refers to the old set any more; a reader still on it finds it gone and reads again.
            await TableChunks.DeleteAsync(_table, JobRows.JobPartition(job.Id), state.ChunkSet, state.Chunks, CancellationToken.None).ConfigureAwait(false);
        }
        return stored;
    }

    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        var limit = Math.Clamp(query.Limit, 1, 500);
        var conditions = new List<string>
        {
            TableClient.CreateQueryFilter($"PartitionKey ge {JobRows.ListPrefix} and PartitionKey lt {JobRows.ListEnd}"),
        };
        if (query.ContinuationToken is { } token)
        {
            var partition = JobRows.PartitionOfToken(token) ?? throw new ArgumentException("The continuation token is not valid.", nameof(query));
            conditions.Add(TableClient.CreateQueryFilter($"PartitionKey ge {partition} and RowKey gt {token}"));
        }
        if (query.Status is not null)
        {
            conditions.Add(TableClient.CreateQueryFilter($"Status eq {query.Status}"));
        }
        if (query.Template is not null)
        {
            conditions.Add(TableClient.CreateQueryFilter($"Template eq {query.Template}"));
        }
        if (query.BatchId is not null)
        {
            conditions.Add(TableClient.CreateQueryFilter($"BatchId eq {query.BatchId}"));
        }
        if (query.Owner is not null)
        {
            conditions.Add(TableClient.CreateQueryFilter($"Owner eq {query.Owner}"));
        }
        // Each condition is a filter of the SDK's; they are only joined here.
        var filter = string.Join(" and ", conditions.Select(c => $"({c})"));

        // Pages may come back short (or empty) with a continuation while the service scans; read on until limit + 1 rows.
        var rows = new List<TableEntity>();
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, Math.Min(1000, limit + 1), cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            rows.AddRange(page.Values);
            if (rows.Count > limit)
            {
                break;
            }
        }

        var jobs = new List<JobRecord>(Math.Min(limit, rows.Count));
        foreach (var row in rows.Take(limit))
        {
            var job = await ReadRecordAsync(row, cancellationToken).ConfigureAwait(false)
                ?? await GetAsync(row.GetString(JobRows.JobId) ?? "", cancellationToken).ConfigureAwait(false);
            if (job is not null)
            {
                jobs.Add(job);
            }
        }
        return new JobPage(jobs, rows.Count > limit ? rows[limit - 1].RowKey : null);
    }

    public async Task CreateBatchAsync(BatchRecord batch, CancellationToken cancellationToken = default)
    {
        RequireStorable(batch.Id);
        var partition = JobRows.BatchPartition(batch.Id);
        var entity = new TableEntity(partition, JobRows.BatchRow);
        await SetJsonAsync(entity, partition, JsonSerializer.Serialize(batch, StoreJson.Default.BatchRecord), cancellationToken).ConfigureAwait(false);
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new InvalidOperationException($"Batch '{batch.Id}' already exists.", e);
        }
    }

    public async Task<BatchRecord?> GetBatchAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!JobRows.IsStorable(id))
        {
            return null;
        }
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(JobRows.BatchPartition(id), JobRows.BatchRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue)
        {
            return null;
        }
        var json = await ReadJsonAsync(row.Value!, JobRows.BatchPartition(id), cancellationToken).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize(json, StoreJson.Default.BatchRecord);
    }

    /// <summary>The row state to update from: the remembered one if it is at <paramref name="version"/>, else read now.</summary>
    private async Task<JobRowState?> StateAsync(string id, long version, CancellationToken cancellationToken)
    {
        if (_rows.TryGetValue(id, out var known) && (known.Version > version || (known.Version == version && known.ETag != default)))
        {
            return known; // newer than the caller's version (versions only grow): a conflict without asking
        }
        var location = await LocateAsync(id, cancellationToken).ConfigureAwait(false);
        if (location is null)
        {
            return null;
        }
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(location.Partition, location.Row, StateColumns, cancellationToken).ConfigureAwait(false);
        if (!row.HasValue)
        {
            return null;
        }
        var value = row.Value!;
        return location with
        {
            Version = value.GetInt64(JobRows.Version) ?? 0,
            ETag = value.ETag,
            ChunkSet = value.GetString(JobRows.ChunkSet),
            Chunks = value.GetInt32(JobRows.Chunks) ?? 0,
        };
    }

    /// <summary>Where the record row of <paramref name="id"/> is: remembered (it never moves) or read from its reference row.</summary>
    private async Task<JobRowState?> LocateAsync(string id, CancellationToken cancellationToken)
    {
        if (_rows.TryGetValue(id, out var known))
        {
            return known;
        }
        var reference = await _table.GetEntityIfExistsAsync<TableEntity>(JobRows.JobPartition(id), JobRows.ReferenceRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!reference.HasValue || reference.Value!.GetString(JobRows.ListPartition) is not { } partition || reference.Value.GetString(JobRows.ListRow) is not { } row)
        {
            return null;
        }
        var location = new JobRowState(partition, row);
        Remember(id, location);
        return location;
    }

    /// <summary>The record of a record row, or null when its chunk set was replaced while reading (read the row again).</summary>
    private async Task<JobRecord?> ReadRecordAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var id = row.GetString(JobRows.JobId) ?? "";
        var json = await ReadJsonAsync(row, JobRows.JobPartition(id), cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }
        var job = JsonSerializer.Deserialize(json, StoreJson.Default.JobRecord)!;
        Remember(id, new JobRowState(row.PartitionKey, row.RowKey, job.Version, row.ETag, row.GetString(JobRows.ChunkSet), row.GetInt32(JobRows.Chunks) ?? 0));
        return job;
    }

    private async Task<string?> ReadJsonAsync(TableEntity row, string chunkPartition, CancellationToken cancellationToken)
    {
        if (row.GetString(JobRows.Json) is { } inline)
        {
            return inline;
        }
        return row.GetString(JobRows.ChunkSet) is { } set
            ? await TableChunks.ReadAsync(_table, chunkPartition, set, row.GetInt32(JobRows.Chunks) ?? 0, cancellationToken).ConfigureAwait(false)
            : null;
    }

    private async Task<(TableEntity Row, string? ChunkSet, int Chunks)> BuildRecordAsync(string partition, string row, JobRecord job, CancellationToken cancellationToken)
    {
        var entity = JobRows.Record(partition, row, job);
        var (set, chunks) = await SetJsonAsync(entity, JobRows.JobPartition(job.Id), JsonSerializer.Serialize(job, StoreJson.Default.JobRecord), cancellationToken)
            .ConfigureAwait(false);
        return (entity, set, chunks);
    }

    /// <summary>Puts <paramref name="json"/> into <paramref name="entity"/>, or writes it as a new chunk set and puts the reference.</summary>
    private async Task<(string? ChunkSet, int Chunks)> SetJsonAsync(TableEntity entity, string chunkPartition, string json, CancellationToken cancellationToken)
    {
        if (TableChunks.FitsInline(json))
        {
            entity[JobRows.Json] = json;
            return (null, 0);
        }
        var set = TableChunks.NewSet();
        var chunks = await TableChunks.WriteAsync(_table, chunkPartition, set, json, cancellationToken).ConfigureAwait(false);
        entity[JobRows.ChunkSet] = set;
        entity[JobRows.Chunks] = chunks;
        return (set, chunks);
    }

    /// <summary>Keeps the newest state seen per job (a bounded cache: cleared when it grows past <see cref="MaxCachedRows"/>).</summary>
    private void Remember(string id, JobRowState state)
    {
        if (_rows.Count >= MaxCachedRows)
        {
            _rows.Clear();
        }
        _rows.AddOrUpdate(id, state, (_, old) => state.Version >= old.Version ? state : old);
    }

    /// <summary>Insertion order: UTC ticks, strictly increasing within this process.</summary>
    private long NextSequence()
    {
        var now = _time.GetUtcNow().UtcTicks;
        while (true)
        {
            var last = Interlocked.Read(ref _lastSequence);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _lastSequence, next, last) == last)
            {
                return next;
            }
        }
    }

    private static void RequireStorable(string id)
    {
        if (!JobRows.IsStorable(id))
        {
            throw new ArgumentException($"'{id}' cannot be a job or batch id (no / \\ # ?, no control characters, at most 490 characters).", nameof(id));
        }
    }
}
