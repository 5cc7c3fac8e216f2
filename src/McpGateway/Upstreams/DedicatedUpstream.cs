using System.Text.Json.Nodes;
using McpGateway.Pool;

namespace McpGateway.Upstreams;

/// <summary>
/// One downstream session's own upstream session: a connection to an HTTP instance, or a leased stdio process
/// (<see cref="DedicatedWorkerLease"/>, counted against the gateway-wide process limit and reaped when idle).
/// </summary>
public sealed class DedicatedUpstream : IAsyncDisposable
{
    private readonly DedicatedWorkerLease? _lease;

    private DedicatedUpstream(UpstreamConnection connection, DedicatedWorkerLease? lease)
    {
        Connection = connection;
        _lease = lease;
    }

    public static DedicatedUpstream Of(UpstreamConnection connection) => new(connection, null);

    public static DedicatedUpstream Of(DedicatedWorkerLease lease) => new(lease.Connection, lease);

    public UpstreamConnection Connection { get; }

    /// <summary>True once a leased process was reaped (idle) or released; a new one must be leased.</summary>
    public bool IsEnded => _lease?.Ended.IsCompleted ?? false;

    public Task<JsonNode?> SendAsync(string method, JsonNode? parameters, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_lease is null)
        {
            return Connection.SendAsync(method, parameters, timeout, cancellationToken);
        }
        return _lease.SendAsync(method, parameters, timeout, cancellationToken);
    }

    /// <summary>Marks the session active on a downstream message that is not a call (e.g. a notification).</summary>
    public void Touch() => _lease?.Touch();

    public ValueTask DisposeAsync() => _lease is null ? Connection.DisposeAsync() : _lease.DisposeAsync();
}
