using McpGateway.Api;
using McpGateway.Functions;
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
        app.UseRouting();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<StartupGateMiddleware>();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseGatewayOpenApi();
        app.UseGatewaySecurity();
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
