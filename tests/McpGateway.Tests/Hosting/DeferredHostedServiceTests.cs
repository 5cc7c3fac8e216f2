using McpGateway.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace McpGateway.Tests.Hosting;

public class DeferredHostedServiceTests
{
    /// <summary>Records the order in which the host reached it and the deferred service.</summary>
    private sealed class Timeline
    {
        private readonly List<string> _events = [];

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Add(string name)
        {
            lock (_events)
            {
                _events.Add(name);
            }
        }

        public List<string> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }
    }

    /// <summary>A hosted service registered after the deferred one: the host starts it in the ordinary order.</summary>
    private sealed class Ordinary(Timeline timeline) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            timeline.Add("ordinary started");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class Service : IHostedService
    {
        private readonly Timeline _timeline;

        public Service(Timeline timeline, FailingStart fail)
        {
            _timeline = timeline;
            _timeline.Add("constructed");
            Fail = fail.Fail;
        }

        private bool Fail { get; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new InvalidOperationException("the store is unreachable");
            }
            _timeline.Add("started");
            _timeline.Started.TrySetResult();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            _timeline.Add("stopped");
            return Task.CompletedTask;
        }
    }

    private sealed record FailingStart(bool Fail);

    private static IHost Build(bool defer, Timeline timeline, bool failing = false, DeferredStartSignal? signal = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(signal ?? new DeferredStartSignal(TimeProvider.System, TimeSpan.Zero));
        builder.Services.AddSingleton(timeline);
        builder.Services.AddSingleton(new FailingStart(failing));
        builder.Services.AddSingleton(Options.Create(new GatewayOptions { DeferInitialization = defer }));
        builder.Services.AddGatewayHostedService<Service>();
        builder.Services.AddHostedService<Ordinary>();
        return builder.Build();
    }

    [Fact]
    public async Task Standalone_the_service_is_built_and_started_with_the_host_in_registration_order()
    {
        var timeline = new Timeline();
        using var host = Build(defer: false, timeline);
        await host.StartAsync();
        Assert.Equal(["constructed", "started", "ordinary started"], timeline.Events);
        await host.StopAsync();
        Assert.Equal("stopped", timeline.Events[^1]);
    }

    [Fact]
    public async Task Deferred_the_service_is_only_built_after_every_hosted_service_started_and_is_stopped_with_the_host()
    {
        var timeline = new Timeline();
        using var host = Build(defer: true, timeline);
        await host.StartAsync();
        await timeline.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["ordinary started", "constructed", "started"], timeline.Events);
        await host.StopAsync();
        Assert.Equal("stopped", timeline.Events[^1]);
    }

    [Fact]
    public async Task Deferred_a_service_that_fails_to_start_stops_the_application()
    {
        var timeline = new Timeline();
        using var host = Build(defer: true, timeline, failing: true);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        await host.StartAsync();
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("started", timeline.Events);
        await host.StopAsync();
    }

    [Fact]
    public async Task Deferred_the_service_waits_for_the_start_signal()
    {
        var timeline = new Timeline();
        var signal = new DeferredStartSignal(TimeProvider.System, TimeSpan.FromHours(1));
        using var host = Build(defer: true, timeline, signal: signal);
        await host.StartAsync();
        await Task.Delay(200);
        Assert.Equal(["ordinary started"], timeline.Events);

        signal.Release();
        await timeline.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["ordinary started", "constructed", "started"], timeline.Events);
        await host.StopAsync();
    }

    [Fact]
    public async Task Deferred_the_service_starts_after_the_grace_period_when_no_request_releases_it()
    {
        var timeline = new Timeline();
        var signal = new DeferredStartSignal(TimeProvider.System, TimeSpan.FromMilliseconds(100));
        using var host = Build(defer: true, timeline, signal: signal);
        await host.StartAsync();
        await timeline.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(signal.IsReleased);
        Assert.Equal(["ordinary started", "constructed", "started"], timeline.Events);
        await host.StopAsync();
    }

    [Fact]
    public async Task Stopping_before_the_signal_stops_without_starting_the_service()
    {
        var timeline = new Timeline();
        using var host = Build(defer: true, timeline, signal: new DeferredStartSignal(TimeProvider.System, TimeSpan.FromHours(1)));
        await host.StartAsync();
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["ordinary started"], timeline.Events);
    }
}
