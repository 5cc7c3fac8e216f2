namespace McpGateway.Pool;

/// <summary>The most recent call times of one pool, for p50/p95 in the stats.</summary>
internal sealed class LatencyWindow
{
    private const int Size = 1024;
    private readonly double[] _values = new double[Size];
    private readonly Lock _gate = new();
    private int _next;
    private int _filled;

    public void Record(TimeSpan elapsed)
    {
        lock (_gate)
        {
            _values[_next] = elapsed.TotalMilliseconds;
            _next = (_next + 1) % Size;
            _filled = Math.Min(_filled + 1, Size);
        }
    }

    public (double P50, double P95) Percentiles()
    {
        double[] copy;
        lock (_gate)
        {
            copy = _values[.._filled];
        }
        if (copy.Length == 0)
        {
            return (0, 0);
        }
        Array.Sort(copy);
        return (At(copy, 0.50), At(copy, 0.95));
    }

    private static double At(double[] sorted, double p)
        => Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 3);
}
