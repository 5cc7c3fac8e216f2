namespace McpGateway.Hosting;

/// <summary>
/// When the deferred start-up work of the Functions mode (<see cref="GatewayOptions.DeferInitialization"/>: the hosted
/// services, the stores' initialisation) begins: once the first answer to readiness (<c>GET /</c>) has been sent, as soon
/// as a request has to wait for start-up, or at the latest a grace period after the server listens. Until then the
/// instance's few cores answer the host's readiness probe instead of competing with that work.
/// </summary>
public sealed class DeferredStartSignal
{
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromSeconds(1);

    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private readonly TimeSpan _gracePeriod;
    private Task? _whenReleased;

    public DeferredStartSignal(TimeProvider time) : this(time, DefaultGracePeriod)
    {
    }

    internal DeferredStartSignal(TimeProvider time, TimeSpan gracePeriod)
    {
        _time = time;
        _gracePeriod = gracePeriod;
    }

    public bool IsReleased => _released.Task.IsCompleted;

    public void Release() => _released.TrySetResult();

    /// <summary>Completes on <see cref="Release"/> or once the grace period, counted from the first call, has passed.</summary>
    public Task WhenReleasedAsync()
    {
        if (_whenReleased is null)
        {
            Interlocked.CompareExchange(ref _whenReleased, Task.WhenAny(_released.Task, Task.Delay(_gracePeriod, _time)), null);
        }
        return _whenReleased;
    }
}
