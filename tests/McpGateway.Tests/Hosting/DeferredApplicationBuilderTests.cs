using McpGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace McpGateway.Tests.Hosting;

public class DeferredApplicationBuilderTests
{
    [Fact]
    public async Task Its_middleware_is_constructed_once_by_the_first_request_and_runs_in_order_between_the_applications()
    {
        var application = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        var trace = new List<string>();
        var constructed = 0;
        application.Use(next => context => { trace.Add("readiness"); return next(context); });
        var deferred = new DeferredApplicationBuilder(application);
        deferred.Use(next => { constructed++; return context => { trace.Add("routing"); return next(context); }; });
        deferred.Use(next => { constructed++; return context => { trace.Add("authorization"); return next(context); }; });
        application.Run(context => { trace.Add("endpoint"); return Task.CompletedTask; });

        var pipeline = application.Build();
        Assert.Equal(0, constructed);

        await Task.WhenAll(pipeline(new DefaultHttpContext()), pipeline(new DefaultHttpContext()));
        await pipeline(new DefaultHttpContext());

        Assert.Equal(2, constructed);
        Assert.Equal(["readiness", "routing", "authorization", "endpoint"], trace.Take(4));
        Assert.Equal(12, trace.Count);
    }

    [Fact]
    public void Extension_methods_called_on_it_mark_the_application()
    {
        var application = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        var deferred = new DeferredApplicationBuilder(application);

        deferred.Properties["marker"] = true;

        Assert.True(application.Properties.ContainsKey("marker"));
        Assert.Same(application.ApplicationServices, deferred.ApplicationServices);
    }

    [Fact]
    public async Task A_pipeline_that_cannot_be_built_stops_the_application()
    {
        var services = new ServiceCollection().AddLogging()
            .AddSingleton<IHostApplicationLifetime, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>()
            .BuildServiceProvider();
        var application = new ApplicationBuilder(services);
        var deferred = new DeferredApplicationBuilder(application);
        deferred.Use(_ => throw new InvalidOperationException("a required service is missing"));
        application.Run(_ => Task.CompletedTask);
        var pipeline = application.Build();

        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline(new DefaultHttpContext()));

        Assert.True(services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
    }
}
