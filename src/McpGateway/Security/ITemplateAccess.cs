using System.Security.Claims;

namespace McpGateway.Security;

/// <summary>
/// What a caller may use. The REST endpoints, the MCP front door (<c>/mcp</c>, <c>/mcp/{template}</c>) and <c>GET /tools</c>
/// ask this before routing a call and to filter what they list.
/// </summary>
public interface ITemplateAccess
{
    /// <summary>The caller has a role and the template is within its key's template scope (if any).</summary>
    bool CanUseTemplate(ClaimsPrincipal user, string template);

    /// <summary><see cref="CanUseTemplate"/> and the tool is within its key's tool scope (if any).</summary>
    bool CanCallTool(ClaimsPrincipal user, string template, string tool);
}
