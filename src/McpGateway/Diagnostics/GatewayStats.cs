namespace McpGateway.Diagnostics;

/// <summary>Counters behind <c>GET /gateway/stats</c>: routed calls, errors and a window of recent latencies for percentiles.</summary>
public sealed class GatewayStats(TimeProvider time)
{
    private const int Window = 2048;
    private readonly double[] _latencies = new double[Window];
    private readonly Lock _gate = new();
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private long _requests;
    private long _errors;
    private long _retries;
    private double _totalLatencyMs;
    private int _next;
    private int _filled;

    public DateTimeOffset Started => _started;
    public long Requests => Interlocked.Read(ref _requests);
    public long Errors => Interlocked.Read(ref _errors);
    public long Retries => Interlocked.Read(ref _retries);

    public void Record(double latencyMs, bool failed)
    {
        Interlocked.Increment(ref _requests);
        if (failed)
        {
            Interlocked.Increment(ref _errors);
        }
        lock (_gate)
        {
            _totalLatencyMs += latencyMs;
            _latencies[_next] = latencyMs;
            _next = (_next + 1) % Window;
            _filled = Math.Min(_filled + 1, Window);
        }
    }

    public void RecordRetry() => Interlocked.Increment(ref _retries);

    public (double Average, double P50, double P95) Latency()
    {
        double[] copy;
        double total;
        lock (_gate)
        {
            copy = _latencies[.._filled];
            total = _totalLatencyMs;
        }
        var requests = Requests;
        if (copy.Length == 0)
        {
            return (0, 0, 0);
        }
        Array.Sort(copy);
        return (Math.Round(total / Math.Max(1, requests), 3), Percentile(copy, 0.50), Percentile(copy, 0.95));
    }

    private static double Percentile(double[] sorted, double p)
        => Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 3);
}
