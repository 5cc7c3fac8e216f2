using McpGateway.Api;
using McpGateway.Mcp;
using McpGateway.Security;
using McpGateway.Streaming;

namespace McpGateway.Hosting;

public static class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>The middleware and every endpoint of the gateway.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseMiddleware<ResponseTimeMiddleware>();
        app.UseMiddleware<ReadinessMiddleware>();
        app.UseGatewayRequestHandling(app.Configuration);
        app.UseGatewayWebSockets();
        app.MapGatewayEndpoints(app.Services.GetRequiredService<GatewayHosting>().Mode);
        return app;
    }

    /// <summary>
    /// Routing, problem+json errors, the start-up gate, the OpenAPI document and page, and security (CORS, authentication, rate
    /// limit, authorization), in that order: the part of the pipeline between the readiness answer and the endpoints, shared by
    /// the standalone server and the isolated-worker Functions app (<see cref="GatewayRequestPipeline"/>).
    /// </summary>
    internal static IApplicationBuilder UseGatewayRequestHandling(this IApplicationBuilder pipeline, IConfiguration configuration)
    {
        pipeline.UseRouting();
        // Errors are ASP.NET Core's problem details (AddProblemDetails, GatewayProblems): an exception goes to the one
        // IExceptionHandler (GatewayExceptionHandler), a bodiless 4xx/5xx (unknown route, wrong method) gets its problem
        // from the status code pages.
        pipeline.UseExceptionHandler();
        pipeline.UseMiddleware<StartupGateMiddleware>();
        pipeline.UseStatusCodePages(context => GatewayProblems.WriteAsync(context.HttpContext,
            GatewayProblems.ForStatus(context.HttpContext, context.HttpContext.Response.StatusCode)));
        pipeline.UseGatewayOpenApi();
        pipeline.UseGatewaySecurity(configuration);
        return pipeline;
    }

    /// <summary>Every endpoint of the gateway.</summary>
    internal static IEndpointRouteBuilder MapGatewayEndpoints(this IEndpointRouteBuilder endpoints, HostingMode mode)
    {
        endpoints.MapGatewaySecurity();
        endpoints.MapMcpRest();
        if (mode == HostingMode.Worker)
        {
            // A worker serves its own stdio pools at /mcp/{template}; the front door would route through the shared registry,
            // which lists this worker itself.
            Worker.WorkerMcpEndpoint.MapWorkerMcp(endpoints);
        }
        else
        {
            endpoints.MapMcpFrontDoor();
        }
        endpoints.MapGatewayManagement();
        endpoints.MapJobs();
        endpoints.MapGatewayStreaming();
        return endpoints;
    }
}
