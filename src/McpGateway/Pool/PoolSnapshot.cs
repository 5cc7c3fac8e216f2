namespace McpGateway.Pool;

/// <summary>One pool's numbers for <c>/gateway/stats</c>. <see cref="RawCalls"/>: calls answered on the transport's raw request path.</summary>
public sealed record PoolSnapshot(string Instance, int Processes, int Starting, int Busy, int InFlight, int Queued, int MinWorkers, int MaxWorkers,
    long Restarts, long SpawnFailures, long Recycled, long Calls, double P50Ms, double P95Ms, long RawCalls = 0);
