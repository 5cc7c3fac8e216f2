using Microsoft.AspNetCore.Http.Features;

namespace McpGateway.Hosting;

/// <summary>
/// A view of the application's pipeline whose middleware is constructed by the first request that reaches it, not when the
/// server starts. Used for everything after the readiness answer in the Functions mode (<see cref="GatewayOptions.DeferInitialization"/>),
/// where the host counts the time to the first answer: building the tail constructs each middleware, and
/// <c>UseAuthorization</c>'s policy cache builds every endpoint. Extension methods called on it see the application's
/// properties and services, so the markers they set (routing, authentication, authorization) are the application's own.
/// All middleware after the first deferred one must be added through this view: it runs them as one block, in order.
/// A failure to build it stops the application, as it would have stopped a standalone start.
/// </summary>
internal sealed class DeferredApplicationBuilder : IApplicationBuilder
{
    private readonly IApplicationBuilder _application;
    private readonly List<Func<RequestDelegate, RequestDelegate>> _middleware = [];

    public DeferredApplicationBuilder(IApplicationBuilder application)
    {
        _application = application;
        application.Use(next =>
        {
            var tail = new Lazy<RequestDelegate>(() => Compose(next), LazyThreadSafetyMode.ExecutionAndPublication);
            return context => tail.Value(context);
        });
    }

    public IServiceProvider ApplicationServices
    {
        get => _application.ApplicationServices;
        set => _application.ApplicationServices = value;
    }

    public IFeatureCollection ServerFeatures => _application.ServerFeatures;

    public IDictionary<string, object?> Properties => _application.Properties;

    public IApplicationBuilder Use(Func<RequestDelegate, RequestDelegate> middleware)
    {
        _middleware.Add(middleware);
        return this;
    }

    public IApplicationBuilder New() => _application.New();

    public RequestDelegate Build() => throw new InvalidOperationException("The deferred part of the pipeline is built by the application's pipeline.");

    private RequestDelegate Compose(RequestDelegate next)
    {
        try
        {
            var pipeline = next;
            for (var i = _middleware.Count - 1; i >= 0; i--)
            {
                pipeline = _middleware[i](pipeline);
            }
            return pipeline;
        }
        catch (Exception e)
        {
            // What would have stopped a standalone start: stop, so the host restarts the process and the log says why.
            var services = _application.ApplicationServices;
            services.GetRequiredService<ILogger<DeferredApplicationBuilder>>().LogCritical(e, "The request pipeline could not be built; stopping.");
            services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            throw;
        }
    }
}
