namespace McpGateway.Pool;

/// <summary>The gateway-wide cap on stdio processes (<c>MAX_TOTAL_WORKERS</c>), pooled and dedicated together.</summary>
public sealed class WorkerBudget(int limit)
{
    private int _used;

    public int Limit => limit;

    public int Used => Volatile.Read(ref _used);

    public bool TryReserve()
    {
        while (true)
        {
            var used = Volatile.Read(ref _used);
            if (used >= limit)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _used, used + 1, used) == used)
            {
                return true;
            }
        }
    }

    public void Release() => Interlocked.Decrement(ref _used);
}
