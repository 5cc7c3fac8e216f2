using Microsoft.AspNetCore.Builder;

namespace McpGateway.Hosting;

/// <summary>
/// The gateway's whole request pipeline as one <see cref="RequestDelegate"/>, for a host whose HTTP server is not the gateway's
/// own: the isolated-worker Functions app's catch-all HTTP function hands it each request's <see cref="HttpContext"/>.
/// The same middleware and endpoints as <see cref="GatewayEndpointRouteBuilderExtensions.MapGateway"/> builds for the standalone
/// server (<c>X-Response-Time</c>, routing, problem+json, start-up gate, OpenAPI, CORS, authentication, rate limit,
/// authorization, the REST surface, the MCP front door), so nothing is written twice. Built once, by the first request.
/// </summary>
public sealed class GatewayRequestPipeline
{
    private readonly Lazy<RequestDelegate> _pipeline;

    public GatewayRequestPipeline(IServiceProvider services, IConfiguration configuration, GatewayHosting hosting)
        => _pipeline = new Lazy<RequestDelegate>(() => Build(services, configuration, hosting.Mode), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Runs the request through the gateway. The host's own routing may have matched the request to the function's endpoint
    /// already; that match is dropped so the gateway's routing matches it against the gateway's endpoints.
    /// </summary>
    public Task InvokeAsync(HttpContext context)
    {
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        return _pipeline.Value(context);
    }

    private static RequestDelegate Build(IServiceProvider services, IConfiguration configuration, HostingMode mode)
    {
        var app = new ApplicationBuilder(services);
        app.UseMiddleware<ResponseTimeMiddleware>();
        app.UseMiddleware<ReadinessMiddleware>();
        app.UseGatewayRequestHandling(configuration);
        app.UseEndpoints(endpoints => endpoints.MapGatewayEndpoints(mode));
        return app.Build();
    }
}
