using System.Security.Claims;
using McpGateway.Api;
using McpGateway.Mcp;
using McpGateway.Registry;
using McpGateway.Security;

namespace McpGateway.Streaming;

/// <summary>
/// A qualified tool name (<c>{template}.{tool}</c>, the scheme of the aggregated <c>/mcp</c>) resolved to a registered
/// template, for the caller who calls it.
/// </summary>
public readonly record struct ToolTarget(string Template, string Tool, ClaimsPrincipal Caller)
{
    public string QualifiedName => Namespacing.Name(Template, Tool);

    /// <summary>
    /// Throws a 404 <see cref="GatewayException"/> when the name is not qualified or its template is not registered, and a
    /// 403 when the caller may not call it (checked here, before a stream opens, and again by the router).
    /// </summary>
    public static ToolTarget Resolve(string qualifiedName, GatewayRegistry registry, ClaimsPrincipal caller, UpstreamAuthorization authorization)
    {
        if (!Namespacing.TrySplitName(qualifiedName, out var template, out var tool))
        {
            throw GatewayException.NotFound("Unknown tool",
                $"Tool names here are '{{template}}{Namespacing.Separator}{{tool}}' as listed by GET /tools; '{qualifiedName}' is not.");
        }
        if (registry.Find(template) is null)
        {
            throw GatewayException.NotFound("Unknown tool", $"No template '{template}' is registered (tool '{qualifiedName}').");
        }
        authorization.DemandTemplate(caller, template);
        authorization.DemandTool(caller, template, tool);
        return new ToolTarget(template, tool, caller);
    }
}
