using McpGateway.Registry;
using McpGateway.Routing;
using McpGateway.Security;
using McpGateway.Upstreams;

namespace McpGateway.Mcp;

/// <summary>Resolves the target of a request: a template the caller may see (404 for an unknown one, 403 for a forbidden one), or the aggregate.</summary>
internal sealed class McpTargets(
    GatewayRegistry registry,
    ITemplateAccess access,
    UpstreamAuthorization authorization,
    UpstreamForwarder forwarder,
    CallRouter router,
    UpstreamConnections connections,
    ILoggerFactory loggerFactory)
{
    public IMcpTarget Resolve(HttpContext context, string? template)
    {
        if (template is null)
        {
            return new AggregateTarget(context, registry, access, forwarder, t => new TemplateTarget(t, authorization, forwarder, router, connections),
                loggerFactory.CreateLogger<AggregateTarget>());
        }
        if (registry.Find(template) is null)
        {
            throw new McpRequestException(404, -32602, $"Unknown template '{template}': no template of that name is registered.");
        }
        authorization.DemandTemplate(context.User, template);
        return new TemplateTarget(template, authorization, forwarder, router, connections);
    }
}
