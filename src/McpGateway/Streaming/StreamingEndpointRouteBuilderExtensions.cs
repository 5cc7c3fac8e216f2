using Microsoft.Extensions.Options;

namespace McpGateway.Streaming;

public static class StreamingEndpointRouteBuilderExtensions
{
    /// <summary>
    /// WebSockets for the streaming endpoints (<c>/tools/{name}/ws</c>, the hub). Standalone only: the isolated-worker Functions
    /// app does not add it (the Functions host does not proxy WebSockets), so a WebSocket endpoint answers 400 there.
    /// </summary>
    public static IApplicationBuilder UseGatewayWebSockets(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<StreamingOptions>>().Value;
        return app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(options.KeepAliveSeconds) });
    }

    /// <summary>The tool streaming endpoints, <c>/stats</c>, and the hub or the Azure SignalR Service negotiate endpoint.</summary>
    public static IEndpointRouteBuilder MapGatewayStreaming(this IEndpointRouteBuilder app)
    {
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        app.MapStreamingTools();
        app.MapStreamingSignalR(azureSignalR: StreamingServiceCollectionExtensions.AzureSignalRConnectionString(configuration) is not null);
        return app;
    }
}
