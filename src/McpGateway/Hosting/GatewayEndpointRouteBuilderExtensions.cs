using McpGateway.Api;
using McpGateway.Functions;
using McpGateway.Mcp;
using McpGateway.Security;
using McpGateway.Streaming;
using Microsoft.Extensions.Options;

namespace McpGateway.Hosting;

public static class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>The middleware and every endpoint of the gateway.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseMiddleware<ResponseTimeMiddleware>();
        app.UseMiddleware<ReadinessMiddleware>();
        // In the Functions mode the rest of the pipeline is constructed by the first request after readiness.
        IApplicationBuilder pipeline = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.DeferInitialization
            ? new DeferredApplicationBuilder(app)
            : app;
        pipeline.UseRouting();
        // Errors are ASP.NET Core's problem details (AddProblemDetails, GatewayProblems): an exception goes to the one
        // IExceptionHandler (GatewayExceptionHandler), a bodiless 4xx/5xx (unknown route, wrong method) gets its problem
        // from the status code pages.
        pipeline.UseExceptionHandler();
        pipeline.UseMiddleware<StartupGateMiddleware>();
        pipeline.UseStatusCodePages(context => GatewayProblems.WriteAsync(context.HttpContext,
            GatewayProblems.ForStatus(context.HttpContext, context.HttpContext.Response.StatusCode)));
        pipeline.UseGatewayOpenApi();
        pipeline.UseGatewaySecurity(app.Configuration);
        app.MapGatewaySecurity();
        app.MapMcpRest();
        if (app.Services.GetRequiredService<GatewayHosting>().Mode == HostingMode.Worker)
        {
            // A worker serves its own stdio pools at /mcp/{template}; the front door would route through the shared registry,
            // which lists this worker itself.
            Worker.WorkerMcpEndpoint.MapWorkerMcp(app);
        }
        else
        {
            app.MapMcpFrontDoor();
        }
        app.MapGatewayManagement();
        app.MapJobs();
        app.MapGatewayStreaming();
        if (app.Services.GetRequiredService<GatewayHosting>().Mode == HostingMode.Functions)
        {
            app.MapFunctionInvocations();
        }
        return app;
    }
}
