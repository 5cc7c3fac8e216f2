namespace McpGateway.Registry;

/// <summary>Live state of one instance beside its immutable definition: health and request counters. Owned by the registry cache.</summary>
public sealed class InstanceState(InstanceDefinition definition, InstanceHealth health)
{
    private InstanceHealth _health = health;
    private int _activeRequests;
    private long _totalRequests;
    private long _failedRequests;

    private InstanceDefinition _definition = definition;

    public InstanceDefinition Definition => Volatile.Read(ref _definition);
    public string Id => Definition.Id;
    public InstanceHealth Health => Volatile.Read(ref _health);
    public int ActiveRequests => Volatile.Read(ref _activeRequests);
    public long TotalRequests => Interlocked.Read(ref _totalRequests);
    public long FailedRequests => Interlocked.Read(ref _failedRequests);

    /// <summary>
    /// Takes a definition that differs from the current one only in its metadata (a worker's heartbeat), keeping the live
    /// state: health, counters and requests in flight.
    /// </summary>
    internal void ReplaceMetadata(InstanceDefinition definition) => Volatile.Write(ref _definition, definition);

    /// <summary>Set only by <see cref="Health.HealthUpdater"/>, the one owner of health transitions.</summary>
    internal InstanceHealth ExchangeHealth(Func<InstanceHealth, InstanceHealth> update)
    {
        while (true)
        {
            var current = Volatile.Read(ref _health);
            var next = update(current);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _health, next, current), current))
            {
                return next;
            }
        }
    }

    internal void RequestStarted()
    {
        Interlocked.Increment(ref _activeRequests);
        Interlocked.Increment(ref _totalRequests);
    }

    internal void RequestEnded(bool failed)
    {
        Interlocked.Decrement(ref _activeRequests);
        if (failed)
        {
            Interlocked.Increment(ref _failedRequests);
        }
    }
}
