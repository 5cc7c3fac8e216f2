using System.Security.Claims;

namespace McpGateway.Security;

/// <summary>
/// Scope rules: templates are listed by name (<c>*</c> matches all); tools as <c>template/tool</c>, <c>template/*</c>,
/// or a bare tool name that applies in every allowed template. No list means no restriction.
/// </summary>
public sealed class TemplateAccess : ITemplateAccess
{
    public bool CanUseTemplate(ClaimsPrincipal user, string template)
        => GatewayIdentity.Of(user) is { IsAuthenticated: true, Role: not null } identity && InTemplates(identity, template);

    public bool CanCallTool(ClaimsPrincipal user, string template, string tool)
    {
        if (GatewayIdentity.Of(user) is not { IsAuthenticated: true, Role: not null } identity || !InTemplates(identity, template))
        {
            return false;
        }
        if (identity.Tools is null)
        {
            return true;
        }
        foreach (var entry in identity.Tools)
        {
            var slash = entry.IndexOf('/');
            if (slash < 0 ? entry == tool || entry == "*"
                : entry.AsSpan(0, slash).SequenceEqual(template) && (entry.AsSpan(slash + 1).SequenceEqual(tool) || entry.AsSpan(slash + 1).SequenceEqual("*")))
            {
                return true;
            }
        }
        return false;
    }

    private static bool InTemplates(GatewayIdentity identity, string template)
        => identity.Templates is null || identity.Templates.Any(t => t == "*" || t == template);
}
