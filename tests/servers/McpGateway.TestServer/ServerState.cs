using System.Collections.Concurrent;

namespace McpGateway.TestServer;

/// <summary>Process-wide state shared by every session (and every stateless request) of one server process.</summary>
public sealed class ServerState(string id)
{
    private long _counter;
    private long _cancelled;

    public string Id { get; } = id;

    /// <summary>Resource URIs that clients subscribed to (resources/subscribe).</summary>
    public ConcurrentDictionary<string, bool> Subscriptions { get; } = new(StringComparer.Ordinal);

    public long Increment() => Interlocked.Increment(ref _counter);

    public long Count => Interlocked.Read(ref _counter);

    public void SetCount(long value) => Interlocked.Exchange(ref _counter, value);

    public long CancelledCount => Interlocked.Read(ref _cancelled);

    public void RecordCancelled() => Interlocked.Increment(ref _cancelled);
}
