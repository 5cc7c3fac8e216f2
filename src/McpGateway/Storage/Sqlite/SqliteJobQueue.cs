using System.Globalization;
using McpGateway.Jobs;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>The embedded durable queue: one table, visibility by timestamp, pop receipts as random tokens.</summary>
public sealed class SqliteJobQueue(SqliteDatabase database, TimeProvider time, string name = "jobs") : IJobQueue
{
    private readonly string _poison = name + "-poison";

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS queue_messages (
                id TEXT PRIMARY KEY,
                queue TEXT NOT NULL,
                text TEXT NOT NULL,
                visible_at INTEGER NOT NULL,
                dequeue_count INTEGER NOT NULL DEFAULT 0,
                pop_receipt TEXT,
                inserted_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_queue_visible ON queue_messages (queue, visible_at);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task EnqueueAsync(string text, TimeSpan? delay = null, CancellationToken cancellationToken = default)
        => InsertAsync(name, text, delay ?? TimeSpan.Zero, cancellationToken);

    private async Task InsertAsync(string queue, string text, TimeSpan delay, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO queue_messages (id, queue, text, visible_at, inserted_at) VALUES ($id, $queue, $text, $visible, $inserted)";
        command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString("N"));
        command.Parameters.AddWithValue("$queue", queue);
        command.Parameters.AddWithValue("$text", text);
        command.Parameters.AddWithValue("$visible", (now + delay).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$inserted", now.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<QueueLease>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        var now = time.GetUtcNow();
        var leases = new List<QueueLease>();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        var candidates = new List<(string Id, string Text, int Count)>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT id, text, dequeue_count FROM queue_messages WHERE queue = $queue AND visible_at <= $now ORDER BY rowid LIMIT $max";
            select.Parameters.AddWithValue("$queue", name);
            select.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            select.Parameters.AddWithValue("$max", maxMessages);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
            }
        }
        foreach (var (id, text, count) in candidates)
        {
            var receipt = Guid.NewGuid().ToString("N");
            await using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE queue_messages SET visible_at = $visible, dequeue_count = dequeue_count + 1, pop_receipt = $receipt WHERE id = $id";
            update.Parameters.AddWithValue("$visible", (now + visibilityTimeout).ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$receipt", receipt);
            update.Parameters.AddWithValue("$id", id);
            await update.ExecuteNonQueryAsync(cancellationToken);
            leases.Add(new QueueLease(id, receipt, count + 1, text));
        }
        await transaction.CommitAsync(cancellationToken);
        return leases;
    }

    public async Task<bool> DeleteAsync(QueueLease lease, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM queue_messages WHERE id = $id AND pop_receipt = $receipt";
        command.Parameters.AddWithValue("$id", lease.MessageId);
        command.Parameters.AddWithValue("$receipt", lease.PopReceipt);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<QueueLease?> ExtendAsync(QueueLease lease, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        var receipt = Guid.NewGuid().ToString("N");
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE queue_messages SET visible_at = $visible, pop_receipt = $new WHERE id = $id AND pop_receipt = $receipt";
        command.Parameters.AddWithValue("$visible", (time.GetUtcNow() + visibilityTimeout).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$new", receipt);
        command.Parameters.AddWithValue("$id", lease.MessageId);
        command.Parameters.AddWithValue("$receipt", lease.PopReceipt);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0 ? lease with { PopReceipt = receipt } : null;
    }

    public async Task MoveToPoisonAsync(QueueLease lease, CancellationToken cancellationToken = default)
    {
        await InsertAsync(_poison, lease.Text, TimeSpan.Zero, cancellationToken);
        await DeleteAsync(lease, cancellationToken);
    }

    public async Task<int> CountAsync(bool poison = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM queue_messages WHERE queue = $queue";
        command.Parameters.AddWithValue("$queue", poison ? _poison : name);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
