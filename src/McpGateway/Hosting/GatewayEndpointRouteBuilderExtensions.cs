using McpGateway.Api;
using McpGateway.Functions;
using McpGateway.Mcp;

namespace McpGateway.Hosting;

public static class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>The middleware and every endpoint of the gateway.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseMiddleware<ResponseTimeMiddleware>();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseGatewayOpenApi();
        app.MapGet("/", () => Results.Json(new { name = "McpGateway", version = GatewayInfo.Version, docs = "/docs" }))
            .ExcludeFromDescription();
        app.MapMcpRest();
        app.MapMcpFrontDoor();
        app.MapGatewayManagement();
        app.MapJobs();
        if (app.Services.GetRequiredService<GatewayHosting>().Mode == HostingMode.Functions)
        {
            app.MapFunctionInvocations();
        }
        return app;
    }
}
