using System.Security.Claims;
using System.Text.Json.Nodes;
using McpGateway.Api;

namespace McpGateway.Security;

/// <summary>
/// The one authorization step between a caller and an upstream. Every request that can reach an upstream ends in
/// <see cref="Routing.CallRouter"/> or in a session's own upstream (<c>Mcp.UpstreamForwarder</c>), and both ask this before
/// an instance is picked, with the caller as an argument they cannot do without: REST <c>/mcp/{template}/...</c>, the MCP
/// front door, <c>/tools/...</c> with its SSE and WebSocket forms, and jobs and batches (which carry their submitter's
/// access, <see cref="Jobs.JobCaller"/>). Endpoints that take a template ask it too, so a forbidden template is refused
/// before any work. Lists are filtered with the same <see cref="ITemplateAccess"/> rules.
/// </summary>
public sealed class UpstreamAuthorization(ITemplateAccess access, AuditTrail audit)
{
    /// <summary>Throws 403 unless the caller may use the template.</summary>
    public void DemandTemplate(ClaimsPrincipal caller, string template)
    {
        if (!access.CanUseTemplate(caller, template))
        {
            throw Forbidden(caller, template, $"This caller may not use template '{template}'.");
        }
    }

    /// <summary>
    /// Throws 403 unless the caller may send <paramref name="method"/> to the template; a <c>tools/call</c> also needs the tool
    /// within the caller's tool scope (a call without a tool name is refused for a caller with a tool scope).
    /// </summary>
    public void Demand(ClaimsPrincipal caller, string template, string method, JsonNode? parameters)
    {
        DemandTemplate(caller, template);
        if (method == "tools/call")
        {
            var tool = parameters?["name"] is JsonValue name && name.TryGetValue<string>(out var value) ? value : "";
            DemandTool(caller, template, tool);
        }
    }

    /// <summary>Throws 403 unless the caller may call <paramref name="tool"/> of <paramref name="template"/>.</summary>
    public void DemandTool(ClaimsPrincipal caller, string template, string tool)
    {
        if (!access.CanCallTool(caller, template, tool))
        {
            throw Forbidden(caller, template, $"This caller may not call tool '{tool}' of template '{template}'.");
        }
    }

    public bool CanUseTemplate(ClaimsPrincipal caller, string template) => access.CanUseTemplate(caller, template);

    public bool CanCallTool(ClaimsPrincipal caller, string template, string tool) => access.CanCallTool(caller, template, tool);

    private GatewayException Forbidden(ClaimsPrincipal caller, string template, string detail)
    {
        audit.Record(AuditActions.RequestDenied, "denied", caller, template, "403: " + detail);
        return new GatewayException(StatusCodes.Status403Forbidden, "Forbidden", detail, "https://mcpgateway.dev/errors/http-403");
    }
}
