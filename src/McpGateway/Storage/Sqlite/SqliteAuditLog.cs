using McpGateway.Security;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>The audit log in the embedded database, newest first by id.</summary>
public sealed class SqliteAuditLog(SqliteDatabase database) : IAuditLog
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS audit (
                id TEXT PRIMARY KEY,
                time INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT,
                outcome TEXT NOT NULL,
                client TEXT,
                detail TEXT);
            CREATE INDEX IF NOT EXISTS audit_time ON audit (time);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var entry in entries)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO audit (id, time, actor, action, target, outcome, client, detail)
                VALUES ($id, $time, $actor, $action, $target, $outcome, $client, $detail)
                ON CONFLICT(id) DO NOTHING
                """;
            command.Parameters.AddWithValue("$id", entry.Id);
            command.Parameters.AddWithValue("$time", entry.Time.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$actor", entry.Actor);
            command.Parameters.AddWithValue("$action", entry.Action);
            command.Parameters.AddWithValue("$target", (object?)entry.Target ?? DBNull.Value);
            command.Parameters.AddWithValue("$outcome", entry.Outcome);
            command.Parameters.AddWithValue("$client", (object?)entry.ClientAddress ?? DBNull.Value);
            command.Parameters.AddWithValue("$detail", (object?)entry.Detail ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var limit = Math.Clamp(query.Limit, 1, 1000);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, time, actor, action, target, outcome, client, detail FROM audit
            WHERE ($since IS NULL OR time >= $since)
              AND ($actor IS NULL OR actor = $actor)
              AND ($action IS NULL OR action = $action)
              AND ($before IS NULL OR id < $before)
            ORDER BY id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$since", (object?)query.Since?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$actor", (object?)query.Actor ?? DBNull.Value);
        command.Parameters.AddWithValue("$action", (object?)query.Action ?? DBNull.Value);
        command.Parameters.AddWithValue("$before", (object?)query.Before ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry
            {
                Id = reader.GetString(0),
                Time = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                Actor = reader.GetString(2),
                Action = reader.GetString(3),
                Target = reader.IsDBNull(4) ? null : reader.GetString(4),
                Outcome = reader.GetString(5),
                ClientAddress = reader.IsDBNull(6) ? null : reader.GetString(6),
                Detail = reader.IsDBNull(7) ? null : reader.GetString(7),
            });
        }
        if (entries.Count <= limit)
        {
            return new AuditPage(entries, null);
        }
        entries.RemoveAt(entries.Count - 1);
        return new AuditPage(entries, entries[^1].Id);
    }
}
