using System.Globalization;
using System.Text.Json;
using McpGateway.Jobs;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>Jobs and batches in the embedded database; the record is JSON, indexed columns beside it for filters.</summary>
public sealed class SqliteJobStore(SqliteDatabase database) : IJobStore
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS jobs (
                id TEXT PRIMARY KEY,
                seq INTEGER NOT NULL,
                status TEXT NOT NULL,
                template TEXT NOT NULL,
                batch_id TEXT,
                owner TEXT,
                version INTEGER NOT NULL,
                record TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_jobs_seq ON jobs (seq DESC);
            CREATE INDEX IF NOT EXISTS ix_jobs_batch ON jobs (batch_id);
            CREATE TABLE IF NOT EXISTS batches (
                id TEXT PRIMARY KEY,
                record TEXT NOT NULL);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CreateAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        var stored = job with { Version = 1 };
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO jobs (id, seq, status, template, batch_id, owner, version, record)
            VALUES ($id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM jobs), $status, $template, $batch, $owner, 1, $record)
            """;
        command.Parameters.AddWithValue("$id", stored.Id);
        command.Parameters.AddWithValue("$status", stored.Status);
        command.Parameters.AddWithValue("$template", stored.Template);
        command.Parameters.AddWithValue("$batch", (object?)stored.BatchId ?? DBNull.Value);
        command.Parameters.AddWithValue("$owner", (object?)stored.Owner ?? DBNull.Value);
        command.Parameters.AddWithValue("$record", JsonSerializer.Serialize(stored, StoreJson.Default.JobRecord));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<JobRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT record FROM jobs WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize(json, StoreJson.Default.JobRecord)
            : null;
    }

    public async Task<JobRecord?> TryUpdateAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        var stored = job with { Version = job.Version + 1 };
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE jobs SET status = $status, version = $next, record = $record
            WHERE id = $id AND version = $expected
            """;
        command.Parameters.AddWithValue("$id", job.Id);
        command.Parameters.AddWithValue("$status", stored.Status);
        command.Parameters.AddWithValue("$next", stored.Version);
        command.Parameters.AddWithValue("$expected", job.Version);
        command.Parameters.AddWithValue("$record", JsonSerializer.Serialize(stored, StoreJson.Default.JobRecord));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? stored : null;
    }

    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        var limit = Math.Clamp(query.Limit, 1, 500);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        void Filter(string column, string parameter, string? value)
        {
            if (value is null)
            {
                return;
            }
            where.Add($"{column} = {parameter}");
            command.Parameters.AddWithValue(parameter, value);
        }
        Filter("status", "$status", query.Status);
        Filter("template", "$template", query.Template);
        Filter("batch_id", "$batch", query.BatchId);
        Filter("owner", "$owner", query.Owner);
        if (query.ContinuationToken is { } token)
        {
            if (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var before))
            {
                throw new ArgumentException("The continuation token is not valid.", nameof(query));
            }
            where.Add("seq < $before");
            command.Parameters.AddWithValue("$before", before);
        }
        command.CommandText = "SELECT seq, record FROM jobs"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
            + " ORDER BY seq DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit + 1);
        var jobs = new List<JobRecord>();
        long lastSeq = 0;
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (jobs.Count == limit)
            {
                more = true;
                break;
            }
            lastSeq = reader.GetInt64(0);
            jobs.Add(JsonSerializer.Deserialize(reader.GetString(1), StoreJson.Default.JobRecord)!);
        }
        return new JobPage(jobs, more ? lastSeq.ToString(CultureInfo.InvariantCulture) : null);
    }

    public async Task CreateBatchAsync(BatchRecord batch, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO batches (id, record) VALUES ($id, $record)";
        command.Parameters.AddWithValue("$id", batch.Id);
        command.Parameters.AddWithValue("$record", JsonSerializer.Serialize(batch, StoreJson.Default.BatchRecord));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<BatchRecord?> GetBatchAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT record FROM batches WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize(json, StoreJson.Default.BatchRecord)
            : null;
    }
}
