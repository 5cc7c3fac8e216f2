using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Routing;
using McpGateway.Security;
using McpGateway.Upstreams;
using ModelContextProtocol;

namespace McpGateway.Mcp;

/// <summary><c>/mcp/{template}</c>: one template's instances behind one MCP server; every request passes through unchanged.</summary>
internal sealed class TemplateTarget(HttpContext context, string template, ITemplateAccess access, UpstreamForwarder forwarder, CallRouter router,
    UpstreamConnections connections) : IMcpTarget
{
    public string Name => template;

    /// <summary>The upstream's own capabilities, implementation info and instructions (from a shared session to a healthy instance).</summary>
    public async Task<ServerDescription> DescribeAsync(McpCall call)
    {
        var instance = router.PickInstance(template)
            ?? throw GatewayException.NoHealthyInstance(template, $"Template '{template}' has no healthy instance.");
        var client = await connections.Get(instance.Definition).GetClientAsync(call.Cancellation).ConfigureAwait(false);
        var capabilities = JsonSerializer.SerializeToNode(client.ServerCapabilities, McpJsonUtilities.DefaultOptions) as JsonObject ?? [];
        var info = JsonSerializer.SerializeToNode(client.ServerInfo, McpJsonUtilities.DefaultOptions) as JsonObject
            ?? new JsonObject { ["name"] = template, ["version"] = "unknown" };
        return new ServerDescription(capabilities, info, client.ServerInstructions);
    }

    /// <summary>Forwards the request; a <c>tools/call</c> outside the caller's tool scope is refused, and <c>tools/list</c> shows only what it may call.</summary>
    public async Task<JsonNode?> HandleAsync(string method, JsonObject? parameters, McpCall call)
    {
        if (method == "tools/call" && parameters?["name"] is JsonValue name && name.TryGetValue<string>(out var tool)
            && !access.CanCallTool(context.User, template, tool))
        {
            throw new McpRequestException(403, McpErrors.Forbidden, $"Forbidden: the caller may not call tool '{tool}' of '{template}'.");
        }
        var result = await forwarder.SendAsync(template, method, parameters, call).ConfigureAwait(false);
        if (method == "tools/list" && result?["tools"] is JsonArray tools)
        {
            foreach (var item in tools.OfType<JsonObject>().Where(t => t["name"] is JsonValue n && !access.CanCallTool(context.User, template, n.ToString())).ToList())
            {
                tools.Remove(item);
            }
        }
        return result;
    }

    public Task NotifyAsync(string method, JsonObject? parameters, McpCall call)
        => forwarder.NotifyAsync(template, method, parameters, call);
}
