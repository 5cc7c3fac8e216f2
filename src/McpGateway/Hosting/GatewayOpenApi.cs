using Microsoft.OpenApi;

namespace McpGateway.Hosting;

/// <summary>The OpenAPI document at <c>/openapi.json</c> and the interactive page at <c>/docs</c>.</summary>
internal static class GatewayOpenApi
{
    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options => options.SwaggerDoc("openapi", new OpenApiInfo
        {
            Title = "McpGateway",
            Version = GatewayInfo.Version,
            Description = "One endpoint in front of many MCP servers: REST/JSON API of the gateway.",
        }));
        return services;
    }

    public static WebApplication UseGatewayOpenApi(this WebApplication app)
    {
        // The document and the UI answer GET and HEAD only: every other request (MCP's POSTs among them) skips their path checks.
        app.UseWhen(context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method), docs =>
        {
            docs.UseSwagger(options => options.RouteTemplate = "{documentName}.json");
            docs.UseSwaggerUI(options =>
            {
                options.RoutePrefix = "docs";
                options.SwaggerEndpoint("/openapi.json", "McpGateway");
                options.DocumentTitle = "McpGateway API";
            });
        });
        return app;
    }
}
