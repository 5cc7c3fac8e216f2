using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Routing;
using McpGateway.Security;
using McpGateway.Upstreams;
using ModelContextProtocol;

namespace McpGateway.Mcp;

/// <summary><c>/mcp/{template}</c>: one template's instances behind one MCP server; every request passes through unchanged.</summary>
internal sealed class TemplateTarget(string template, UpstreamAuthorization authorization, UpstreamForwarder forwarder, CallRouter router,
    UpstreamConnections connections) : IMcpTarget
{
    public string Name => template;

    /// <summary>The upstream's own capabilities, implementation info and instructions (from a shared session to a healthy instance).</summary>
    public async Task<ServerDescription> DescribeAsync(McpCall call)
    {
        authorization.DemandTemplate(call.Caller, template);
        var instance = router.PickInstance(template)
            ?? throw GatewayException.NoHealthyInstance(template, $"Template '{template}' has no healthy instance.");
        var client = await connections.Get(instance.Definition).GetClientAsync(call.Cancellation).ConfigureAwait(false);
        var capabilities = JsonSerializer.SerializeToNode(client.ServerCapabilities, McpJsonUtilities.DefaultOptions) as JsonObject ?? [];
        var info = JsonSerializer.SerializeToNode(client.ServerInfo, McpJsonUtilities.DefaultOptions) as JsonObject
            ?? new JsonObject { ["name"] = template, ["version"] = "unknown" };
        return new ServerDescription(capabilities, info, client.ServerInstructions);
    }

    /// <summary>
    /// Forwards the request (authorized on the way by <see cref="UpstreamAuthorization"/>); <c>tools/list</c> shows only what the
    /// caller may call.
    /// </summary>
    public async Task<JsonNode?> HandleAsync(string method, JsonObject? parameters, McpCall call)
    {
        var result = await forwarder.SendAsync(template, method, parameters, call).ConfigureAwait(false);
        if (method == "tools/list" && result?["tools"] is JsonArray tools)
        {
            foreach (var item in tools.OfType<JsonObject>().Where(t => t["name"] is JsonValue n && !authorization.CanCallTool(call.Caller, template, n.ToString())).ToList())
            {
                tools.Remove(item);
            }
        }
        return result;
    }

    public Task NotifyAsync(string method, JsonObject? parameters, McpCall call)
        => forwarder.NotifyAsync(template, method, parameters, call);
}
