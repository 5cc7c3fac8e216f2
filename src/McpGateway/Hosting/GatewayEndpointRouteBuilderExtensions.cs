using McpGateway.Api;
using McpGateway.Functions;
using McpGateway.Security;

namespace McpGateway.Hosting;

public static class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>The middleware and every endpoint of the gateway.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseMiddleware<ResponseTimeMiddleware>();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<StartupGateMiddleware>();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseGatewayOpenApi();
        app.UseGatewaySecurity();
        app.MapGet("/", () => Results.Json(new { name = "McpGateway", version = GatewayInfo.Version, docs = "/docs" }))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapMcpRest();
        app.MapGatewayManagement();
        app.MapJobs();
        if (app.Services.GetRequiredService<GatewayHosting>().Mode == HostingMode.Worker)
        {
            Worker.WorkerMcpEndpoint.MapWorkerMcp(app);
        }
        if (app.Services.GetRequiredService<GatewayHosting>().Mode == HostingMode.Functions)
        {
            app.MapFunctionInvocations();
        }
        return app;
    }
}
