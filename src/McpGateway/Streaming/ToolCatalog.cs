using System.Security.Claims;
using System.Text.Json.Nodes;
using McpGateway.Registry;
using McpGateway.Routing;
using McpGateway.Security;

namespace McpGateway.Streaming;

/// <summary>
/// <c>GET /tools</c>: every tool of every template under its qualified name, asked of each template in parallel
/// (<c>tools/list</c> through the <see cref="CallRouter"/>, following <c>nextCursor</c>). A template that fails is
/// reported under <c>errors</c> and the others are still listed.
/// </summary>
public sealed class ToolCatalog(GatewayRegistry registry, CallRouter router, UpstreamAuthorization authorization)
{
    private const int MaxPages = 100;

    /// <summary>What <paramref name="caller"/> may call: templates it may use, tools within its tool scope.</summary>
    public async Task<JsonObject> ListAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var templates = registry.Templates.Select(t => t.Name).Where(t => authorization.CanUseTemplate(caller, t)).Order(StringComparer.Ordinal).ToList();
        var listings = await Task.WhenAll(templates.Select(t => ListTemplateAsync(caller, t, cancellationToken)));
        var tools = new JsonArray();
        var errors = new JsonArray();
        foreach (var (template, items, error) in listings)
        {
            if (error is not null)
            {
                errors.Add(new JsonObject { ["template"] = template, ["error"] = error });
                continue;
            }
            foreach (var item in items!)
            {
                var tool = item["name"]?.GetValue<string>() ?? "";
                if (!authorization.CanCallTool(caller, template, tool))
                {
                    continue;
                }
                var entry = new JsonObject
                {
                    ["name"] = Mcp.Namespacing.Name(template, tool),
                    ["template"] = template,
                    ["tool"] = tool,
                };
                foreach (var (key, value) in item.AsObject())
                {
                    if (key != "name")
                    {
                        entry[key] = value?.DeepClone();
                    }
                }
                tools.Add(entry);
            }
        }
        return new JsonObject
        {
            ["tools"] = tools,
            ["count"] = tools.Count,
            ["templates"] = templates.Count,
            ["errors"] = errors,
        };
    }

    private async Task<(string Template, List<JsonNode>? Items, string? Error)> ListTemplateAsync(ClaimsPrincipal caller, string template,
        CancellationToken cancellationToken)
    {
        var items = new List<JsonNode>();
        try
        {
            string? cursor = null;
            for (var page = 0; page < MaxPages; page++)
            {
                var parameters = cursor is null ? null : new JsonObject { ["cursor"] = cursor };
                var routed = await router.SendAsync(caller, template, "tools/list", parameters, cancellationToken).ConfigureAwait(false);
                if (routed.Result?["tools"] is JsonArray tools)
                {
                    items.AddRange(tools.OfType<JsonObject>().Select(t => t.DeepClone()));
                }
                cursor = routed.Result?["nextCursor"]?.GetValue<string>();
                if (string.IsNullOrEmpty(cursor))
                {
                    break;
                }
            }
            return (template, items, null);
        }
        catch (Api.GatewayException e)
        {
            return (template, null, e.Message);
        }
    }
}
