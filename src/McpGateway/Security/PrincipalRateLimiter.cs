using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace McpGateway.Security;

/// <summary>
/// The gateway's global limiter for ASP.NET Core's rate limiting middleware: one budget per principal
/// (<see cref="GatewayIdentity.PrincipalId"/>), shared by all its keys and tokens, so minting keys does not multiply it.
/// A request costs <c>window / limit</c> of it, where limit is the requesting credential's (<see cref="RateLimits.Of"/>):
/// a caller alone gets its limit per window (a burst of the whole limit, then one request per window/limit), and keys of
/// one principal with different limits draw on the same budget. Unauthenticated requests and unlimited callers pass.
/// </summary>
/// <remarks>
/// Why not <c>PartitionedRateLimiter.Create</c> with a <see cref="TokenBucketRateLimiter"/> per partition: those buckets have one
/// fixed size per partition (keys of one principal may have different limits) and run on the machine's clock
/// (<c>Stopwatch</c>), while this one runs on the injected <see cref="TimeProvider"/>, so tests use virtual time.
/// Per process: N gateway processes behind a load balancer admit up to N times the limit.
/// </remarks>
public sealed class PrincipalRateLimiter(RateLimits limits, TimeProvider time) : PartitionedRateLimiter<HttpContext>
{
    private const int MaxPrincipals = 100_000;
    private static readonly RateLimitLease Admitted = new Lease(true, null);
    private readonly long _origin = time.GetTimestamp();
    // Per principal: the time (ticks since _origin) until which its budget is spent (GCRA's "theoretical arrival time").
    private readonly ConcurrentDictionary<string, long> _spentUntil = new(StringComparer.OrdinalIgnoreCase);

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (GatewayIdentity.Of(resource.User) is not { IsAuthenticated: true } identity || limits.Of(identity) is var limit && limit <= 0)
        {
            return Admitted;
        }
        var retryAfter = TryTake(identity.PrincipalId, limit);
        return retryAfter is null ? Admitted : new Lease(false, retryAfter);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
        => ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    /// <summary>Spends one request of <paramref name="limit"/> per window from the principal's budget; null when admitted, else how long until it would be.</summary>
    public TimeSpan? TryTake(string principalId, int limit)
    {
        var window = limits.Window.Ticks;
        var cost = Math.Max(1, window / limit);
        var now = time.GetElapsedTime(_origin).Ticks;
        if (_spentUntil.Count >= MaxPrincipals)
        {
            Forget(now);
        }
        while (true)
        {
            var known = _spentUntil.TryGetValue(principalId, out var spentUntil);
            var next = Math.Max(spentUntil, now) + cost;
            if (next - now > window)
            {
                return TimeSpan.FromTicks(next - now - window);
            }
            if (known ? _spentUntil.TryUpdate(principalId, next, spentUntil) : _spentUntil.TryAdd(principalId, next))
            {
                return null;
            }
        }
    }

    /// <summary>Drops principals whose budget is whole again (the same as never seen).</summary>
    private void Forget(long now)
    {
        foreach (var (principal, spentUntil) in _spentUntil)
        {
            if (spentUntil <= now)
            {
                _spentUntil.TryRemove(new KeyValuePair<string, long>(principal, spentUntil));
            }
        }
    }

    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
