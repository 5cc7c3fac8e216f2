using System.Text.Json.Nodes;
using McpGateway.Registry;
using McpGateway.Upstreams;

namespace McpGateway.Pool;

/// <summary>
/// A process of its own for one MCP client session whose upstream sends requests back (sampling, elicitation, roots).
/// Disposing the lease (the session ended) stops the process tree; <see cref="StdioProcessPools"/> also reaps it after
/// <see cref="IdleTimeout"/> without calls.
/// </summary>
public sealed class DedicatedWorkerLease : IAsyncDisposable
{
    private readonly ProcessSlot _process;
    private readonly TimeProvider _time;
    private readonly Func<DedicatedWorkerLease, ValueTask> _release;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastUsedTicks;
    private int _inFlight;
    private int _disposed;

    internal DedicatedWorkerLease(InstanceDefinition instance, UpstreamConnection connection, ProcessSlot process, TimeSpan idleTimeout,
        TimeProvider time, Func<DedicatedWorkerLease, ValueTask> release, string? owner = null)
    {
        Instance = instance;
        Owner = owner;
        Connection = connection;
        _process = process;
        IdleTimeout = idleTimeout;
        _time = time;
        _release = release;
        Touch();
    }

    public InstanceDefinition Instance { get; }

    /// <summary>The principal the process was started for (null: not counted per principal).</summary>
    public string? Owner { get; }

    /// <summary>The session's own connection (one process). Calls through <see cref="SendAsync"/> keep the lease from idling out.</summary>
    public UpstreamConnection Connection { get; }

    public TimeSpan IdleTimeout { get; }

    public int? ProcessId => _process.ProcessId;

    public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    /// <summary>Completes when the lease ended: disposed by its owner or reaped as idle.</summary>
    public Task Ended => _ended.Task;

    /// <summary>Marks the session active (e.g. on any downstream message), postponing idle reaping.</summary>
    public void Touch() => Interlocked.Exchange(ref _lastUsedTicks, _time.GetUtcNow().UtcTicks);

    internal bool IsIdle(DateTimeOffset now) => Volatile.Read(ref _inFlight) == 0 && now - LastUsed >= IdleTimeout;

    public async Task<JsonNode?> SendAsync(string method, JsonNode? parameters, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        Touch();
        try
        {
            return await Connection.SendAsync(method, parameters, timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Touch();
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            await Connection.DisposeAsync().ConfigureAwait(false);
            await _release(this).ConfigureAwait(false);
        }
        finally
        {
            _ended.TrySetResult();
        }
    }
}
