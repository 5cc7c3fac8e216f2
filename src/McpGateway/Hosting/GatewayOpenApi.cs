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
        app.UseSwagger(options => options.RouteTemplate = "{documentName}.json");
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            options.SwaggerEndpoint("/openapi.json", "McpGateway");
            options.DocumentTitle = "McpGateway API";
        });
        return app;
    }
}
