using System.Diagnostics;

namespace McpGateway.Bench;

/// <summary>One way of making the call being measured; returns the gateway-internal time in ms (X-Response-Time) or NaN.</summary>
public interface ICaller
{
    string Name { get; }
    ValueTask<double> CallAsync(CancellationToken cancellationToken);
}

/// <summary>Latencies of one scenario, possibly merged over several rounds.</summary>
public sealed class Sample
{
    public List<double> LatenciesMs { get; } = [];
    public List<double> InnerMs { get; } = [];
    public double ElapsedSeconds { get; set; }
    /// <summary>CPU seconds spent per process role (client, gateway, upstream) while this sample ran.</summary>
    public Dictionary<string, double> CpuSeconds { get; } = [];
    public int Calls => LatenciesMs.Count;
    public double CallsPerSecond => ElapsedSeconds > 0 ? Calls / ElapsedSeconds : 0;

    public void Add(Sample other)
    {
        LatenciesMs.AddRange(other.LatenciesMs);
        InnerMs.AddRange(other.InnerMs);
        ElapsedSeconds += other.ElapsedSeconds;
        foreach (var (role, cpu) in other.CpuSeconds)
        {
            CpuSeconds[role] = CpuSeconds.GetValueOrDefault(role) + cpu;
        }
    }

    /// <summary>CPU microseconds per call of a role, NaN when not measured.</summary>
    public double CpuMicrosPerCall(string role) => Calls > 0 && CpuSeconds.TryGetValue(role, out var cpu) ? cpu * 1e6 / Calls : double.NaN;

    public Summary Summarize() => Summary.Of(LatenciesMs, CallsPerSecond);
    public Summary? SummarizeInner() => InnerMs.Count == 0 ? null : Summary.Of(InnerMs, 0);
}

public sealed record Summary(int Count, double P50, double P90, double P99, double Mean, double Max, double CallsPerSecond)
{
    public static Summary Of(IReadOnlyCollection<double> values, double callsPerSecond)
    {
        if (values.Count == 0)
        {
            return new Summary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, callsPerSecond);
        }
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return new Summary(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.90), Percentile(sorted, 0.99),
            sorted.Average(), sorted[^1], callsPerSecond);
    }

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(double[] sorted, double p)
        => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

public static class Load
{
    /// <summary>Runs <paramref name="concurrency"/> closed-loop workers for <paramref name="duration"/>; every call is timed.</summary>
    public static async Task<Sample> ForDurationAsync(ICaller caller, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Task<(List<double> Latencies, List<double> Inner)>[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                var latencies = new List<double>(4096);
                var inner = new List<double>(4096);
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var x = await caller.CallAsync(cancellationToken).ConfigureAwait(false);
                    var t1 = Stopwatch.GetTimestamp();
                    latencies.Add((t1 - t0) * 1000.0 / Stopwatch.Frequency);
                    if (!double.IsNaN(x))
                    {
                        inner.Add(x);
                    }
                }
                return (latencies, inner);
            }, cancellationToken);
        }
        var results = await Task.WhenAll(workers).ConfigureAwait(false);
        var sample = new Sample { ElapsedSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds };
        foreach (var (latencies, inner) in results)
        {
            sample.LatenciesMs.AddRange(latencies);
            sample.InnerMs.AddRange(inner);
        }
        return sample;
    }

    /// <summary>Makes <paramref name="calls"/> calls with <paramref name="concurrency"/> workers, untimed (warm-up).</summary>
    public static async Task CountAsync(ICaller caller, int concurrency, int calls, CancellationToken cancellationToken)
    {
        var remaining = calls;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await caller.CallAsync(cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken));
        await Task.WhenAll(workers).ConfigureAwait(false);
    }
}
