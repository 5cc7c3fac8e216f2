using McpGateway.Upstreams;

namespace McpGateway.Pool;

/// <summary>One process slot of a pool: its connection (one process, initialised once), calls in flight and idle time. Mutated under the pool's lock.</summary>
internal sealed class PoolWorker(int number, UpstreamConnection connection, ProcessSlot process, DateTimeOffset created)
{
    public int Number { get; } = number;
    public UpstreamConnection Connection { get; } = connection;
    public ProcessSlot Process { get; } = process;
    public int InFlight { get; set; }
    /// <summary>Calls given to this process so far; among equally loaded processes the busiest so far wins, so light traffic sticks to one.</summary>
    public long Served { get; set; }
    public DateTimeOffset IdleSince { get; set; } = created;
    /// <summary>The first connect; the worker takes calls once it completed.</summary>
    public Task Starting { get; set; } = Task.CompletedTask;
    public bool IsStarting => !Starting.IsCompleted;
    public bool IsLive => Connection.IsConnected;
    /// <summary>Set once, under the pool's lock, by the one caller that stops it.</summary>
    public bool Stopped { get; set; }
}
