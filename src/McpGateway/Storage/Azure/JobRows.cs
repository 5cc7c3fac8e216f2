using System.Globalization;
using Azure.Data.Tables;
using McpGateway.Jobs;

namespace McpGateway.Storage.Azure;

/// <summary>
/// The jobs table's layout (see docs/storage.md, <i>Jobs on Azure</i>). Partitions are told apart by prefix:
/// <list type="bullet">
/// <item><c>list-{day}</c> / <c>{sequence}-{id}</c>: the job's record row, the only mutable row of a job. Both keys count
/// down (inverted ticks of the insertion), so a scan over <c>list-*</c> returns the newest job first. It holds the record
/// JSON (or a reference to its chunks) and the filter columns.</item>
/// <item><c>job-{id}</c> / <c>ref</c>: where the record row is (written once, before it). <c>job-{id}</c> /
/// <c>chunk-…</c>: the pieces of a record too long for one property (<see cref="TableChunks"/>).</item>
/// <item><c>batch-{id}</c> / <c>batch</c>: a batch record (and its chunks, if long).</item>
/// </list>
/// </summary>
internal static class JobRows
{
    public const string ListPrefix = "list-";
    /// <summary>The first partition key after every <c>list-*</c> one ('.' sorts right after '-').</summary>
    public const string ListEnd = "list.";
    public const string JobPrefix = "job-";
    public const string BatchPrefix = "batch-";
    public const string ReferenceRow = "ref";
    public const string BatchRow = "batch";

    public const string JobId = "JobId";
    public const string Status = "Status";
    public const string Template = "Template";
    public const string BatchId = "BatchId";
    public const string Owner = "Owner";
    public const string Version = "Version";
    public const string Json = "Json";
    public const string ChunkSet = "ChunkSet";
    public const string Chunks = "Chunks";
    public const string ListPartition = "ListPartition";
    public const string ListRow = "ListRow";

    private const int SequenceDigits = 19;

    public static string JobPartition(string id) => JobPrefix + id;

    public static string BatchPartition(string id) => BatchPrefix + id;

    public static (string Partition, string Row) ListKeys(long sequence, string id)
    {
        var inverted = long.MaxValue - sequence;
        return (ListPrefix + (inverted / TimeSpan.TicksPerDay).ToString("D8", CultureInfo.InvariantCulture),
            inverted.ToString("D19", CultureInfo.InvariantCulture) + "-" + id);
    }

    /// <summary>False for ids that cannot be part of a key (such a job cannot exist, so lookups find nothing).</summary>
    public static bool IsStorable(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }
        try
        {
            TableKeys.Validate(JobPartition(id), nameof(id));
            TableKeys.Validate(BatchPartition(id), nameof(id));
            TableKeys.Validate(ListKeys(0, id).Row, nameof(id));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A continuation token is the last listed row key; returns the partition it is in, or null if it is not one.</summary>
    public static string? PartitionOfToken(string token)
    {
        if (token.Length <= SequenceDigits + 1 || token[SequenceDigits] != '-'
            || !long.TryParse(token.AsSpan(0, SequenceDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var inverted)
            || !IsStorable(token[(SequenceDigits + 1)..]))
        {
            return null;
        }
        return ListPrefix + (inverted / TimeSpan.TicksPerDay).ToString("D8", CultureInfo.InvariantCulture);
    }

    public static TableEntity Reference(string id, string partition, string row) => new(JobPartition(id), ReferenceRow)
    {
        [ListPartition] = partition,
        [ListRow] = row,
    };

    /// <summary>The record row without its JSON (the caller adds <see cref="Json"/> or the chunk reference).</summary>
    public static TableEntity Record(string partition, string row, JobRecord job)
    {
        var entity = new TableEntity(partition, row)
        {
            [JobId] = job.Id,
            [Status] = job.Status,
            [Template] = job.Template,
            [Version] = job.Version,
        };
        if (job.BatchId is not null)
        {
            entity[BatchId] = job.BatchId;
        }
        if (job.Owner is not null)
        {
            entity[Owner] = job.Owner;
        }
        return entity;
    }
}
