using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpGateway.Hosting;

/// <summary>
/// Runs a hosted service of the gateway. Standalone it starts with the host, as usual. With
/// <see cref="GatewayOptions.DeferInitialization"/> (the Functions mode, where the host counts the time to the first answer)
/// the service, and with it the graph it depends on (stores, registry, pools, routers), is only constructed and started once
/// the server listens and <see cref="DeferredStartSignal"/> lets it (after the first readiness answer), on the thread pool;
/// a failure to start stops the application so the host can restart it.
/// </summary>
internal sealed class DeferredHostedService<T>(IServiceProvider services, IOptions<GatewayOptions> options, DeferredStartSignal signal,
    IHostApplicationLifetime lifetime, ILogger<DeferredHostedService<T>> logger) : IHostedLifecycleService
    where T : class, IHostedService
{
    private readonly bool _deferred = options.Value.DeferInitialization;
    private readonly CancellationTokenSource _stopRequested = new();
    private Task _deferredStart = Task.CompletedTask;
    private T? _service;

    private T Service => _service ??= services.GetRequiredService<T>();

    public Task StartingAsync(CancellationToken cancellationToken)
        => !_deferred && Service is IHostedLifecycleService lifecycle ? lifecycle.StartingAsync(cancellationToken) : Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => _deferred ? Task.CompletedTask : Service.StartAsync(cancellationToken);

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!_deferred)
        {
            return Service is IHostedLifecycleService lifecycle ? lifecycle.StartedAsync(cancellationToken) : Task.CompletedTask;
        }
        _deferredStart = Task.Run(StartDeferredAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StartDeferredAsync()
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            try
            {
                await signal.WhenReleasedAsync().WaitAsync(_stopRequested.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // stopped before it began: nothing to start or stop
            }
            var service = Service;
            var lifecycle = service as IHostedLifecycleService;
            if (lifecycle is not null)
            {
                await lifecycle.StartingAsync(stopping).ConfigureAwait(false);
            }
            await service.StartAsync(stopping).ConfigureAwait(false);
            if (lifecycle is not null)
            {
                await lifecycle.StartedAsync(stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "{Service} failed to start; stopping so the host can restart the gateway.", typeof(T).Name);
            lifetime.StopApplication();
        }
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopRequested.CancelAsync().ConfigureAwait(false);
        await _deferredStart.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_service is IHostedLifecycleService lifecycle)
        {
            await lifecycle.StoppingAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _service?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
        => _service is IHostedLifecycleService lifecycle ? lifecycle.StoppedAsync(cancellationToken) : Task.CompletedTask;
}

internal static class DeferredHostedServiceExtensions
{
    /// <summary>Registers <typeparamref name="T"/> (a singleton, unless registered already) to run through <see cref="DeferredHostedService{T}"/>.</summary>
    public static IServiceCollection AddGatewayHostedService<T>(this IServiceCollection services)
        where T : class, IHostedService
    {
        services.TryAddSingleton<T>();
        return services.AddHostedService<DeferredHostedService<T>>();
    }
}
