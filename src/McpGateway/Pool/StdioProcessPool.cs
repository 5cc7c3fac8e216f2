using System.Diagnostics;
using System.Text.Json.Nodes;
using McpGateway.Registry;
using McpGateway.Upstreams;

namespace McpGateway.Pool;

/// <summary>
/// A stdio instance served by a pool of processes, each an <see cref="UpstreamConnection"/> initialised once and kept warm.
/// Calls go to the least-loaded live process; a new process starts when that one already has <c>ScaleUpThreshold</c> calls in
/// flight or calls queue; processes above <c>min_workers</c> stop after <c>IdleSeconds</c> idle. A command that cannot start
/// fails the call as <see cref="UpstreamFailureKind.NotReached"/> and is retried only after a backoff; a process that dies fails
/// its calls as <see cref="UpstreamFailureKind.MayHaveExecuted"/> (its connection) and is replaced.
/// </summary>
public sealed class StdioProcessPool : IUpstream
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Func<WorkerTransportFactory, UpstreamConnection> _connect;
    private readonly ILoggerFactory _loggerFactory;
    private readonly PoolOptions _options;
    private readonly WorkerBudget _budget;
    private readonly ServerEnvironment _environment;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<StdioProcessPool> _onDisposed;
    private readonly Lock _gate = new();
    private readonly List<PoolWorker> _workers = [];
    private readonly LatencyWindow _latency = new();
    private TaskCompletionSource _changed = NewSignal();
    private bool _active;
    private bool _disposed;
    private int _nextNumber;
    private int _queued;
    private long _restarts;
    private long _rawCalls;
    private long _spawnFailures;
    private long _recycled;
    private long _calls;
    private int _consecutiveSpawnFailures;
    private DateTimeOffset _spawnNotBefore;
    private UpstreamException? _lastSpawnFailure;

    internal StdioProcessPool(InstanceDefinition instance, PoolOptions options, WorkerBudget budget, ServerEnvironment environment, Func<WorkerTransportFactory, UpstreamConnection> connect,
        ILoggerFactory loggerFactory, TimeProvider time, Action<StdioProcessPool> onDisposed)
    {
        Instance = instance;
        _options = options;
        _budget = budget;
        _environment = environment;
        _connect = connect;
        _loggerFactory = loggerFactory;
        _time = time;
        _onDisposed = onDisposed;
        _logger = loggerFactory.CreateLogger<StdioProcessPool>();
        MaxWorkers = Math.Min(instance.MaxWorkers ?? options.MaxWorkers, options.MaxTotalWorkers);
        MinWorkers = Math.Min(instance.MinWorkers ?? Math.Min(options.MinWorkers, MaxWorkers), MaxWorkers);
    }

    public InstanceDefinition Instance { get; }
    public int MinWorkers { get; }
    public int MaxWorkers { get; }

    public long Restarts
    {
        get
        {
            lock (_gate)
            {
                return _restarts + _workers.Sum(w => w.Connection.Restarts);
            }
        }
    }

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _workers.Any(w => w.IsLive);
            }
        }
    }

    public string? NegotiatedProtocolVersion
    {
        get
        {
            lock (_gate)
            {
                return _workers.Select(w => w.Connection.NegotiatedProtocolVersion).FirstOrDefault(v => v is not null);
            }
        }
    }

    /// <summary>Pids of the live processes, for tests and diagnostics.</summary>
    public IReadOnlyList<int> ProcessIds
    {
        get
        {
            lock (_gate)
            {
                return _workers.Select(w => w.Process.ProcessId).OfType<int>().ToList();
            }
        }
    }

    public PoolSnapshot Snapshot()
    {
        var (p50, p95) = _latency.Percentiles();
        lock (_gate)
        {
            return new PoolSnapshot(Instance.Key, _workers.Count(w => w.IsLive), _workers.Count(w => w.IsStarting), _workers.Count(w => w.InFlight > 0),
                _workers.Sum(w => w.InFlight), _queued, MinWorkers, MaxWorkers, _restarts + _workers.Sum(w => w.Connection.Restarts),
                Interlocked.Read(ref _spawnFailures), Interlocked.Read(ref _recycled), Interlocked.Read(ref _calls), p50, p95,
                _rawCalls + _workers.Sum(w => w.Connection.RawCalls));
        }
    }

    public async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        var worker = await AcquireAsync(Timeout.InfiniteTimeSpan, isCall: false, cancellationToken).ConfigureAwait(false);
        Release(worker);
    }

    /// <summary>The MCP client of a live process (starting the pool if needed), e.g. to read the server's capabilities.</summary>
    public async Task<ModelContextProtocol.Client.McpClient> GetClientAsync(CancellationToken cancellationToken)
    {
        var worker = await AcquireAsync(Timeout.InfiniteTimeSpan, isCall: false, cancellationToken).ConfigureAwait(false);
        try
        {
            return await worker.Connection.GetClientAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release(worker);
        }
    }

    public Task<JsonNode?> SendAsync(string method, JsonNode? parameters, TimeSpan timeout, CancellationToken cancellationToken)
        => SendAsync(method, parameters, timeout, onProgress: null, cancellationToken);

    public async Task<JsonNode?> SendAsync(string method, JsonNode? parameters, TimeSpan timeout, Action<ProgressUpdate>? onProgress,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        // Waiting for a free process counts against the call's timeout.
        // Health probes do not count as use, so they do not move light traffic to another process.
        var worker = await AcquireAsync(timeout, isCall: method is not ("ping" or "server/discover"), cancellationToken).ConfigureAwait(false);
        try
        {
            var left = timeout - Stopwatch.GetElapsedTime(started);
            return await worker.Connection.SendAsync(method, parameters, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1), onProgress,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release(worker);
            Interlocked.Increment(ref _calls);
            _latency.Record(Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>One live process, kept busy (counted in flight, so not reaped) until the result is disposed.</summary>
    public async Task<IPinnedUpstream> PinAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var worker = await AcquireAsync(timeout, isCall: true, cancellationToken).ConfigureAwait(false);
        try
        {
            await worker.Connection.GetClientAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release(worker);
            throw;
        }
        return new PinnedConnection(worker.Connection, () => Release(worker));
    }

    private async Task<PoolWorker> AcquireAsync(TimeSpan timeout, bool isCall, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(timeout);
        }
        var queued = false;
        try
        {
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    ObjectDisposedException.ThrowIf(_disposed, this);
                    _active = true;
                    EnsureMinimumLocked();
                    var best = LeastLoadedLocked();
                    if (best is not null)
                    {
                        if (best.InFlight >= _options.ScaleUpThreshold && !_workers.Any(w => w.IsStarting))
                        {
                            TryStartWorkerLocked();
                        }
                        best.InFlight++;
                        if (isCall)
                        {
                            best.Served++;
                        }
                        return best;
                    }
                    // Every live process is at its limit (or none is up yet): start one more if allowed (no more starting than calls waiting),
                    // then wait for a change.
                    if (_workers.Count(w => w.IsStarting) < _queued + (queued ? 0 : 1))
                    {
                        TryStartWorkerLocked();
                    }
                    if (_workers.Count == 0)
                    {
                        throw _lastSpawnFailure ?? new UpstreamException(UpstreamFailureKind.NotReached, Instance.Id,
                            $"Instance '{Instance.Id}' has no process and none may be started now (the gateway-wide limit of {_budget.Limit} processes is reached).");
                    }
                    if (!queued)
                    {
                        queued = true;
                        _queued++;
                    }
                    changed = _changed.Task;
                }
                try
                {
                    await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new UpstreamException(UpstreamFailureKind.NotReached, Instance.Id,
                        $"No process of instance '{Instance.Id}' became free within {timeout.TotalSeconds:0.###} s (all {MaxWorkers} busy or starting); the call was not sent.");
                }
            }
        }
        finally
        {
            if (queued)
            {
                lock (_gate)
                {
                    _queued--;
                }
            }
        }
    }

    private PoolWorker? LeastLoadedLocked()
    {
        PoolWorker? best = null;
        foreach (var worker in _workers)
        {
            if (worker.IsLive && worker.InFlight < _options.MaxConcurrentCallsPerWorker && (best is null || worker.InFlight < best.InFlight || (worker.InFlight == best.InFlight && worker.Served > best.Served)))
            {
                best = worker;
            }
        }
        return best;
    }

    private void Release(PoolWorker worker)
    {
        lock (_gate)
        {
            worker.InFlight--;
            if (worker.InFlight == 0)
            {
                worker.IdleSince = _time.GetUtcNow();
            }
        }
        Signal();
    }

    private void EnsureMinimumLocked()
    {
        while (_workers.Count < MinWorkers && TryStartWorkerLocked())
        {
        }
    }

    private bool TryStartWorkerLocked()
    {
        if (_disposed || _workers.Count >= MaxWorkers || _time.GetUtcNow() < _spawnNotBefore || !_budget.TryReserve())
        {
            return false;
        }
        var factory = new WorkerTransportFactory(_loggerFactory, _environment);
        var worker = new PoolWorker(++_nextNumber, _connect(factory), factory.Slot, _time.GetUtcNow());
        _workers.Add(worker);
        worker.Starting = Task.Run(() => StartAsync(worker));
        return true;
    }

    private async Task StartAsync(PoolWorker worker)
    {
        try
        {
            await worker.Connection.GetClientAsync(CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                _consecutiveSpawnFailures = 0;
                _spawnNotBefore = default;
            }
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _spawnFailures);
            var failure = e as UpstreamException ?? new UpstreamException(UpstreamFailureKind.NotReached, Instance.Id,
                $"Could not start a process for instance '{Instance.Id}': {e.Message}", inner: e);
            TimeSpan backoff;
            lock (_gate)
            {
                _lastSpawnFailure = failure;
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(_consecutiveSpawnFailures++, 10)));
                _spawnNotBefore = _time.GetUtcNow() + backoff;
            }
            _logger.LogWarning("Starting a process for {Instance} failed ({Reason}); next start no sooner than {Backoff}.",
                Instance.Key, failure.Message, backoff);
            await StopAsync(worker, countRestart: false).ConfigureAwait(false);
        }
        finally
        {
            Signal();
        }
    }

    /// <summary>
    /// One maintenance round: replaces dead processes, stops idle ones above the minimum and idle ones over the memory ceiling,
    /// and restores the minimum. Called by <see cref="PoolMaintainer"/>.
    /// </summary>
    public async Task MaintainAsync()
    {
        var stop = new List<(PoolWorker Worker, bool Restart)>();
        lock (_gate)
        {
            if (_disposed || !_active)
            {
                return;
            }
            var now = _time.GetUtcNow();
            foreach (var worker in _workers)
            {
                if (!worker.IsLive && !worker.IsStarting && worker.InFlight == 0)
                {
                    stop.Add((worker, true)); // died and did not come back by itself: replace it
                }
            }
            var live = _workers.Count(w => w.IsLive) - stop.Count;
            var idleLimit = TimeSpan.FromSeconds(_options.IdleSeconds);
            foreach (var worker in _workers.Where(w => w.IsLive && w.InFlight == 0).OrderByDescending(w => w.Number))
            {
                if (live > MinWorkers && now - worker.IdleSince >= idleLimit)
                {
                    stop.Add((worker, false));
                    live--;
                }
                else if (_options.MemoryLimitMb > 0 && worker.Process.ProcessId is { } pid
                    && ProcessTree.ResidentBytes(pid) is { } rss && rss > _options.MemoryLimitMb * 1024L * 1024L)
                {
                    _logger.LogInformation("Recycling idle process {Pid} of {Instance}: {Rss} MiB resident is over the {Limit} MiB ceiling.",
                        pid, Instance.Key, rss / (1024 * 1024), _options.MemoryLimitMb);
                    Interlocked.Increment(ref _recycled);
                    stop.Add((worker, false));
                }
            }
            foreach (var (worker, _) in stop)
            {
                _workers.Remove(worker);
            }
            EnsureMinimumLocked();
        }
        foreach (var (worker, restart) in stop)
        {
            await StopAsync(worker, restart).ConfigureAwait(false);
        }
        Signal();
    }

    private async Task StopAsync(PoolWorker worker, bool countRestart)
    {
        lock (_gate)
        {
            if (worker.Stopped)
            {
                return;
            }
            worker.Stopped = true;
            _workers.Remove(worker);
            _restarts += worker.Connection.Restarts + (countRestart ? 1 : 0);
            _rawCalls += worker.Connection.RawCalls;
        }
        try
        {
            await worker.Connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _budget.Release();
        }
    }

    private void Signal() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        List<PoolWorker> workers;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            workers = [.. _workers];
        }
        Signal();
        await Task.WhenAll(workers.Select(w => StopAsync(w, countRestart: false))).ConfigureAwait(false);
        _onDisposed(this);
    }
}
