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

    private const string DocumentPath = "/openapi.json";

    private static bool IsDocsRequest(HttpRequest request)
        => (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && (request.Path.Equals(DocumentPath, StringComparison.Ordinal) || request.Path.StartsWithSegments("/docs", StringComparison.Ordinal));

    public static IApplicationBuilder UseGatewayOpenApi(this IApplicationBuilder app)
    {
        // Only GET/HEAD of the document and the page go through Swashbuckle's middlewares, which are built by the first such
        // request rather than before the server listens (they load the UI's embedded files and compile an invoker).
        app.Use(next =>
        {
            var docs = new Lazy<RequestDelegate>(() =>
            {
                var branch = app.New();
                branch.UseSwagger(options => options.RouteTemplate = "{documentName}.json");
                branch.UseSwaggerUI(options =>
                {
                    options.RoutePrefix = "docs";
                    options.SwaggerEndpoint(DocumentPath, "McpGateway");
                    options.DocumentTitle = "McpGateway API";
                });
                branch.Run(next);
                return branch.Build();
            });
            return context => IsDocsRequest(context.Request) ? docs.Value(context) : next(context);
        });
        return app;
    }
}
