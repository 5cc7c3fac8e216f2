namespace McpGateway.Mcp;

/// <summary>Which templates a caller may reach through the MCP front door. The seam for authorization; everything is allowed for now.</summary>
public interface ITemplateAccess
{
    bool CanAccess(HttpContext context, string template);
}
