namespace McpGateway.Pool;

/// <summary>The process a pooled connection currently runs (none while it is restarting): its pid for memory checks, stats and tests.</summary>
public sealed class ProcessSlot
{
    private WorkerProcess? _current;

    internal WorkerProcess? Current => Volatile.Read(ref _current);

    /// <summary>The pid of the live process, if any.</summary>
    public int? ProcessId => Current is { HasExited: false } p ? p.Pid : null;

    internal void Set(WorkerProcess process) => Volatile.Write(ref _current, process);

    internal void Clear(WorkerProcess process) => Interlocked.CompareExchange(ref _current, null, process);
}
