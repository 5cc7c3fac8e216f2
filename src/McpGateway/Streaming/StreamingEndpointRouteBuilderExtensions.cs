using Microsoft.Extensions.Options;

namespace McpGateway.Streaming;

public static class StreamingEndpointRouteBuilderExtensions
{
    /// <summary>WebSockets, the tool streaming endpoints, <c>/stats</c>, and the hub or the Azure SignalR Service negotiate endpoint.</summary>
    public static WebApplication MapGatewayStreaming(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<StreamingOptions>>().Value;
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(options.KeepAliveSeconds) });
        app.MapStreamingTools();
        app.MapStreamingSignalR(azureSignalR: StreamingServiceCollectionExtensions.AzureSignalRConnectionString(app.Configuration) is not null);
        return app;
    }
}
