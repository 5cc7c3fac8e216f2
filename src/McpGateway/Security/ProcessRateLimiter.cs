using System.Collections.Concurrent;

namespace McpGateway.Security;

/// <summary>
/// One token bucket per principal in this process: capacity = the limit, refilled evenly over the window
/// (so a caller may burst the whole limit, then gets one request per window/limit).
/// Processes do not share buckets: N gateway processes behind a load balancer admit up to N times the limit.
/// </summary>
public sealed class ProcessRateLimiter(TimeProvider time)
{
    private const int MaxBuckets = 100_000;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes one token; null when allowed, else how long until the next token.</summary>
    public TimeSpan? TryAcquire(string partition, int limit, TimeSpan window)
    {
        if (limit <= 0)
        {
            return null;
        }
        if (_buckets.Count >= MaxBuckets && !_buckets.ContainsKey(partition))
        {
            _buckets.Clear();
        }
        var bucket = _buckets.GetOrAdd(partition, static (_, state) => new Bucket(state.limit, state.now), (limit, now: time.GetTimestamp()));
        return bucket.TryTake(limit, window, time);
    }

    private sealed class Bucket(double tokens, long updated)
    {
        private readonly Lock _lock = new();
        private double _tokens = tokens;
        private long _updated = updated;

        public TimeSpan? TryTake(int limit, TimeSpan window, TimeProvider time)
        {
            var perSecond = limit / window.TotalSeconds;
            lock (_lock)
            {
                var now = time.GetTimestamp();
                _tokens = Math.Min(limit, _tokens + time.GetElapsedTime(_updated, now).TotalSeconds * perSecond);
                _updated = now;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return null;
                }
                return TimeSpan.FromSeconds((1 - _tokens) / perSecond);
            }
        }
    }
}
