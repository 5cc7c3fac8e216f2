using System.Text;
using McpGateway.Registry;

namespace McpGateway.Mcp;

/// <summary>
/// Names on the aggregated endpoint <c>/mcp</c>, reversible by construction:
/// tools and prompts are <c>{template}.{name}</c> (template names are slugs of <c>[a-z0-9_-]</c>, so the first dot
/// always ends the template, and the result stays within the tool name rules <c>[A-Za-z0-9_.-]{1,128}</c> when the
/// original did); resource URIs are <c>mcpgw://{template}/{percent-encoded original URI}</c>, and URI templates encode
/// their literal parts the same way while keeping their <c>{expressions}</c>.
/// </summary>
public static class Namespacing
{
    public const char Separator = '.';
    public const string UriPrefix = "mcpgw://";
    public const int MaxToolName = 128;

    public static string Name(string template, string name) => template + Separator + name;

    public static bool TrySplitName(string? qualified, out string template, out string name)
    {
        template = name = "";
        var dot = qualified?.IndexOf(Separator) ?? -1;
        if (dot <= 0 || dot == qualified!.Length - 1 || !Names.IsValid(qualified[..dot]))
        {
            return false;
        }
        template = qualified[..dot];
        name = qualified[(dot + 1)..];
        return true;
    }

    public static string Uri(string template, string uri) => UriPrefix + template + "/" + System.Uri.EscapeDataString(uri);

    public static bool TrySplitUri(string? wrapped, out string template, out string uri)
    {
        template = uri = "";
        if (wrapped is null || !wrapped.StartsWith(UriPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var slash = wrapped.IndexOf('/', UriPrefix.Length);
        if (slash < 0 || !Names.IsValid(wrapped[UriPrefix.Length..slash]))
        {
            return false;
        }
        template = wrapped[UriPrefix.Length..slash];
        uri = System.Uri.UnescapeDataString(wrapped[(slash + 1)..]);
        return true;
    }

    /// <summary>Wraps an RFC 6570 URI template: literal text is percent-encoded, <c>{...}</c> expressions stay for the client to expand.</summary>
    public static string UriTemplate(string template, string uriTemplate)
    {
        var builder = new StringBuilder(UriPrefix).Append(template).Append('/');
        var position = 0;
        while (position < uriTemplate.Length)
        {
            var open = uriTemplate.IndexOf('{', position);
            var close = open < 0 ? -1 : uriTemplate.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                builder.Append(System.Uri.EscapeDataString(uriTemplate[position..]));
                break;
            }
            builder.Append(System.Uri.EscapeDataString(uriTemplate[position..open])).Append(uriTemplate, open, close - open + 1);
            position = close + 1;
        }
        return builder.ToString();
    }
}
