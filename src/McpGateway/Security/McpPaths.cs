namespace McpGateway.Security;

/// <summary>The MCP (JSON-RPC) endpoints are <c>/mcp</c> and <c>/mcp/{template}</c> exactly; deeper paths are the REST API.</summary>
public static class McpPaths
{
    public static bool IsMcpEndpoint(PathString path)
    {
        var value = path.Value;
        if (value is null || !value.StartsWith("/mcp", StringComparison.Ordinal))
        {
            return false;
        }
        var rest = value.AsSpan(4).TrimEnd('/');
        return rest.Length == 0 || (rest[0] == '/' && rest[1..].IndexOf('/') < 0);
    }
}
