using System.Collections.Concurrent;
using McpGateway.Jobs;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// Queues by name in the embedded database (one table, a <c>queue</c> column). The default main queue name
/// (<see cref="JobOptions.DefaultQueueName"/>) maps to <see cref="MainQueue"/>, the name the embedded store has always used,
/// so databases from before named queues keep their messages.
/// </summary>
public sealed class SqliteJobQueues(SqliteDatabase database, TimeProvider time) : IJobQueues
{
    public const string MainQueue = "jobs";

    private readonly ConcurrentDictionary<string, SqliteJobQueue> _queues = new(StringComparer.Ordinal);

    public IJobQueue Get(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _queues.GetOrAdd(name == JobOptions.DefaultQueueName ? MainQueue : name, n => new SqliteJobQueue(database, time, n));
    }
}
