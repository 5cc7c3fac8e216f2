using System.Diagnostics;

namespace McpGateway.Bench.Pool;

/// <summary>Runs <c>calls</c> calls from <c>concurrency</c> callers and reports calls/s and p50/p99 in milliseconds.</summary>
internal static class Measurement
{
    public static async Task<(double CallsPerSecond, double P50, double P99, int Errors)> RunAsync(int calls, int concurrency,
        Func<int, int, Task> call)
    {
        var latencies = new double[calls];
        var errors = 0;
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(caller => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call(caller, i);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        var seconds = total.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return (calls / seconds, At(latencies, 0.50), At(latencies, 0.99), errors);
    }

    private static double At(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
