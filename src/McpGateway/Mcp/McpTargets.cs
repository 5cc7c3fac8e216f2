using McpGateway.Registry;
using McpGateway.Routing;
using McpGateway.Security;
using McpGateway.Upstreams;

namespace McpGateway.Mcp;

/// <summary>Resolves the target of a request: a template the caller may see (404 for an unknown one, 403 for a forbidden one), or the aggregate.</summary>
internal sealed class McpTargets(
    GatewayRegistry registry,
    ITemplateAccess access,
    UpstreamForwarder forwarder,
    CallRouter router,
    UpstreamConnections connections,
    ILoggerFactory loggerFactory)
{
    public IMcpTarget Resolve(HttpContext context, string? template)
    {
        if (template is null)
        {
            return new AggregateTarget(context, registry, access, forwarder, t => new TemplateTarget(context, t, access, forwarder, router, connections),
                loggerFactory.CreateLogger<AggregateTarget>());
        }
        if (registry.Find(template) is null)
        {
            throw new McpRequestException(404, -32602, $"Unknown template '{template}': no template of that name is registered.");
        }
        if (!access.CanUseTemplate(context.User, template))
        {
            throw new McpRequestException(403, McpErrors.Forbidden, $"Forbidden: the caller may not use template '{template}'.");
        }
        return new TemplateTarget(context, template, access, forwarder, router, connections);
    }
}
