using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;

namespace McpGateway.Streaming;

/// <summary>
/// <c>MapHub&lt;THub&gt;</c> with the same endpoints and metadata, except that SignalR's hub dispatcher (hub method
/// discovery, compiled method executors, protocols) is built on the first connection instead of while the app starts:
/// it was ~50 ms of every cold start (measured with the former custom-handler Functions app, bench/README.md).
/// </summary>
internal static class LazyHubEndpoint
{
    public static ConnectionEndpointRouteBuilder MapLazyHub<THub>(this IEndpointRouteBuilder endpoints, string pattern) where THub : Hub
    {
        var services = endpoints.ServiceProvider;
        var handler = new Lazy<HubConnectionHandler<THub>>(() => ActivatorUtilities.GetServiceOrCreateInstance<HubConnectionHandler<THub>>(services));
        var builder = endpoints.MapConnections(pattern, new HttpConnectionDispatcherOptions(),
            connections => connections.Run(connection => handler.Value.OnConnectedAsync(connection)));
        var attributes = typeof(THub).GetCustomAttributes(inherit: true);
        builder.Add(endpoint =>
        {
            // As MapHub: the hub's attributes (authorization, CORS) and the hub type as endpoint metadata.
            foreach (var attribute in attributes)
            {
                endpoint.Metadata.Add(attribute);
            }
            endpoint.Metadata.Add(new HubMetadata(typeof(THub)));
        });
        return builder;
    }
}
