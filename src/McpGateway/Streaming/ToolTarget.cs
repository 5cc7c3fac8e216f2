using McpGateway.Api;
using McpGateway.Mcp;
using McpGateway.Registry;

namespace McpGateway.Streaming;

/// <summary>A qualified tool name (<c>{template}.{tool}</c>, the scheme of the aggregated <c>/mcp</c>) resolved to a registered template.</summary>
public readonly record struct ToolTarget(string Template, string Tool)
{
    public string QualifiedName => Namespacing.Name(Template, Tool);

    /// <summary>Throws a 404 <see cref="GatewayException"/> when the name is not qualified or its template is not registered.</summary>
    public static ToolTarget Resolve(string qualifiedName, GatewayRegistry registry)
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
        return new ToolTarget(template, tool);
    }
}
