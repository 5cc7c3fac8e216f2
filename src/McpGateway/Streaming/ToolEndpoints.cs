using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Diagnostics;
using McpGateway.Health;
using McpGateway.Hosting;
using McpGateway.Registry;
using McpGateway.Routing;
using McpGateway.Security;
using McpGateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpGateway.Streaming;

/// <summary>
/// The original streaming gateway's endpoints over every template: <c>GET /tools</c>, <c>POST /tools/{name}</c>,
/// <c>POST /tools/{name}/stream</c> (SSE), <c>WS /ws/tools/{name}</c> and <c>GET /stats</c>. Tool names are qualified
/// <c>{template}.{tool}</c>, as on the aggregated <c>/mcp</c>. Every call is authorized by <see cref="UpstreamAuthorization"/>;
/// lists and stats show a caller only the templates and tools it may use.
/// </summary>
internal static class ToolEndpoints
{
    public static IEndpointRouteBuilder MapStreamingTools(this IEndpointRouteBuilder app)
    {
        var tools = app.MapGroup("").WithTags("Streaming");

        tools.MapGet("/tools", async (HttpContext context, ToolCatalog catalog) => Results.Json(await catalog.ListAsync(context.User, context.RequestAborted), ApiJson.Options))
            .WithSummary("Every tool of every template, named '{template}.{tool}'; failing templates are listed under 'errors'").Produces<JsonObject>();

        tools.MapPost("/tools/{name}", async (string name, HttpContext context, GatewayRegistry registry, UpstreamAuthorization authorization, CallRouter router) =>
            {
                var target = ToolTarget.Resolve(name, registry, context.User, authorization);
                var arguments = await ToolArgumentsRequest.ReadArgumentsAsync(context.Request);
                var parameters = new JsonObject { ["name"] = target.Tool, ["arguments"] = arguments ?? new JsonObject() };
                var routed = await router.SendAsync(context.User, target.Template, "tools/call", parameters, context.RequestAborted);
                context.Response.Headers[McpRestEndpoints.InstanceHeader] = routed.InstanceId;
                return Results.Json(routed.Result ?? new JsonObject(), ApiJson.Options);
            })
            .WithSummary("Call a tool by its qualified name; returns the MCP CallToolResult").Accepts<ToolArgumentsRequest>("application/json").Produces<JsonObject>();

        tools.MapPost("/tools/{name}/stream", async (string name, HttpContext context, GatewayRegistry registry, UpstreamAuthorization authorization,
                SseToolStream stream) =>
            {
                var target = ToolTarget.Resolve(name, registry, context.User, authorization);
                var arguments = await ToolArgumentsRequest.ReadArgumentsAsync(context.Request);
                await stream.WriteAsync(context, target, arguments);
            })
            .WithSummary("Call a tool with server-sent events: progress, chunk (one per content block), result or error, done")
            .Accepts<ToolArgumentsRequest>("application/json").Produces(200, contentType: "text/event-stream");

        tools.Map("/ws/tools/{name}", async (string name, HttpContext context, GatewayRegistry registry, UpstreamAuthorization authorization,
                ToolCallStreamer streamer, IOptions<StreamingOptions> options, StreamingStats stats) =>
            {
                if (!context.WebSockets.IsWebSocketRequest)
                {
                    throw GatewayException.BadRequest("WebSocket required", "Connect with a WebSocket client (Upgrade: websocket).");
                }
                var target = ToolTarget.Resolve(name, registry, context.User, authorization);
                using var open = stats.WebSocketOpened();
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                await new WebSocketToolSession(socket, target, streamer, options.Value, context.Request.Path.Value ?? "").RunAsync(context.RequestAborted);
            })
            .WithSummary("WebSocket: send {arguments, id}; receive started, progress, chunk, complete or error, each with the id").ExcludeFromDescription();

        tools.MapGet("/stats", (HttpContext context, GatewayRegistry registry, GatewayStats gatewayStats, HealthSweep sweep, UpstreamConnections connections,
                Pool.StdioProcessPools pools, IOptions<GatewayOptions> options, TimeProvider time, StreamingStats streaming, UpstreamAuthorization authorization) =>
            {
                Func<string, bool> visible = template => authorization.CanUseTemplate(context.User, template);
                var gateway = StatsReport.Build(registry, gatewayStats, sweep, connections, pools, options.Value, time, visible);
                return Results.Json(StreamingStatsReport.Build(gateway, registry, streaming, visible), ApiJson.Options);
            })
            .WithSummary("Worker pool (instances), request, latency and streaming statistics").Produces<JsonObject>();

        return app;
    }
}
