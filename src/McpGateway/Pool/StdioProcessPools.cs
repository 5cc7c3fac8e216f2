using System.Collections.Concurrent;
using McpGateway.Api;
using McpGateway.Hosting;
using McpGateway.Registry;
using McpGateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpGateway.Pool;

/// <summary>
/// Creates the process pools of stdio instances (owned by <see cref="UpstreamConnections"/>), leases dedicated processes to
/// sessions, enforces the gateway-wide process cap and runs the maintenance rounds. Disposing it stops every dedicated process.
/// </summary>
public sealed class StdioProcessPools : IAsyncDisposable
{
    private readonly ConcurrentDictionary<StdioProcessPool, byte> _pools = new();
    private readonly ConcurrentDictionary<DedicatedWorkerLease, byte> _leases = new();
    private readonly IOptions<GatewayOptions> _gatewayOptions;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DedicatedQuota _quota;
    private long _dedicatedStarted;
    private long _dedicatedFailures;
    private long _dedicatedReaped;
    private int _disposed;

    public StdioProcessPools(IOptions<PoolOptions> options, IOptions<GatewayOptions> gatewayOptions, ILoggerFactory loggerFactory, TimeProvider time)
    {
        Options = options.Value;
        Budget = new WorkerBudget(Options.MaxTotalWorkers);
        _quota = new DedicatedQuota(Options.MaxDedicatedPerPrincipal);
        ServerEnvironment = new ServerEnvironment(Options.PassEnvironmentNames);
        _gatewayOptions = gatewayOptions;
        _loggerFactory = loggerFactory;
        _time = time;
        _logger = loggerFactory.CreateLogger<StdioProcessPools>();
    }

    public PoolOptions Options { get; }

    public WorkerBudget Budget { get; }

    /// <summary>The environment every process of every pool (and every dedicated process) starts with.</summary>
    public ServerEnvironment ServerEnvironment { get; }

    public IReadOnlyCollection<StdioProcessPool> Pools => _pools.Keys.ToList();

    public IReadOnlyCollection<DedicatedWorkerLease> Dedicated => _leases.Keys.ToList();

    public long DedicatedStarted => Interlocked.Read(ref _dedicatedStarted);
    public long DedicatedSpawnFailures => Interlocked.Read(ref _dedicatedFailures);
    public long DedicatedReaped => Interlocked.Read(ref _dedicatedReaped);

    /// <summary>Dedicated processes <paramref name="principal"/> holds now (what <c>MaxDedicatedPerPrincipal</c> caps).</summary>
    public int DedicatedHeldBy(string principal) => _quota.HeldBy(principal);

    /// <summary>A new, not yet started pool for a stdio instance; it starts its processes on first use.</summary>
    /// <param name="tap">Sees every message of every process of the pool (the front door's progress and log relay).</param>
    public StdioProcessPool Create(InstanceDefinition instance, IUpstreamMessageTap? tap = null)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var options = _gatewayOptions.Value;
        var pool = new StdioProcessPool(instance, Options, Budget, ServerEnvironment,
            factory => new UpstreamConnection(instance, factory, UpstreamClientOptions.For(instance, options), UpstreamClientOptions.ConnectTimeout(options),
                _loggerFactory, _time, tap, rawRequests: Options.RawRequests),
            _loggerFactory, _time, p => _pools.TryRemove(p, out _));
        _pools[pool] = 0;
        return pool;
    }

    /// <summary>
    /// Starts a process of its own for one downstream session and returns it initialised. Counts against <c>MAX_TOTAL_WORKERS</c>
    /// (failures are <see cref="UpstreamFailureKind.NotReached"/>) and, with an owner, against <c>MaxDedicatedPerPrincipal</c>
    /// (over it: a 429 <see cref="GatewayException"/>). Dispose the lease when the session ends; idle leases are reaped.
    /// </summary>
    public async Task<DedicatedWorkerLease> LeaseDedicatedAsync(InstanceDefinition instance, DedicatedSessionOptions? session = null,
        CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (instance.Transport != InstanceTransports.Stdio)
        {
            throw new ArgumentException($"Instance '{instance.Id}' is not a stdio instance.", nameof(instance));
        }
        var owner = session?.Owner;
        if (owner is not null && !_quota.TryReserve(owner))
        {
            throw new GatewayException(StatusCodes.Status429TooManyRequests, "Too many dedicated processes",
                $"No dedicated process for instance '{instance.Id}': this caller already holds {_quota.Limit} "
                + "(McpGateway:Pool:MaxDedicatedPerPrincipal). End a session (DELETE) or wait until an idle one is reaped "
                + "(McpGateway:Pool:DedicatedIdleSeconds).", "https://mcpgateway.dev/errors/too-many-dedicated-processes");
        }
        if (!Budget.TryReserve())
        {
            Release(owner);
            throw new UpstreamException(UpstreamFailureKind.NotReached, instance.Id,
                $"No dedicated process for instance '{instance.Id}': the gateway-wide limit of {Budget.Limit} processes (MAX_TOTAL_WORKERS) is reached.");
        }
        var definition = session?.ProtocolVersion is { } version ? instance with { ProtocolVersion = version } : instance;
        var options = _gatewayOptions.Value;
        var factory = new WorkerTransportFactory(_loggerFactory, ServerEnvironment);
        var connection = new UpstreamConnection(definition, factory, UpstreamClientOptions.For(definition, options, session?.Capabilities),
            UpstreamClientOptions.ConnectTimeout(options), _loggerFactory, _time, session?.Tap, rawRequests: false);
        try
        {
            await connection.GetClientAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Increment(ref _dedicatedFailures);
            await connection.DisposeAsync().ConfigureAwait(false);
            Budget.Release();
            Release(owner);
            throw;
        }
        Interlocked.Increment(ref _dedicatedStarted);
        var lease = new DedicatedWorkerLease(definition, connection, factory.Slot,
            session?.IdleTimeout ?? TimeSpan.FromSeconds(Options.DedicatedIdleSeconds), _time, ReleaseAsync, owner);
        _leases[lease] = 0;
        if (_disposed != 0)
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(StdioProcessPools));
        }
        return lease;
    }

    private ValueTask ReleaseAsync(DedicatedWorkerLease lease)
    {
        if (_leases.TryRemove(lease, out _))
        {
            Budget.Release();
            Release(lease.Owner);
        }
        return ValueTask.CompletedTask;
    }

    private void Release(string? owner)
    {
        if (owner is not null)
        {
            _quota.Release(owner);
        }
    }

    /// <summary>One maintenance round over every pool, then reaps dedicated processes idle past their timeout.</summary>
    public async Task MaintainAsync()
    {
        foreach (var pool in _pools.Keys)
        {
            try
            {
                await pool.MaintainAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
            }
        }
        var now = _time.GetUtcNow();
        foreach (var lease in _leases.Keys)
        {
            if (lease.IsIdle(now))
            {
                _logger.LogInformation("Reaping the idle dedicated process of {Instance} (idle since {LastUsed}).", lease.Instance.Key, lease.LastUsed);
                Interlocked.Increment(ref _dedicatedReaped);
                await lease.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await Task.WhenAll(_leases.Keys.Select(l => l.DisposeAsync().AsTask())
            .Concat(_pools.Keys.Select(p => p.DisposeAsync().AsTask()))).ConfigureAwait(false);
    }
}
