namespace McpGateway.Mcp;

/// <summary>The default <see cref="ITemplateAccess"/>: every caller sees every template.</summary>
internal sealed class AllowAllTemplateAccess : ITemplateAccess
{
    public bool CanAccess(HttpContext context, string template) => true;
}
