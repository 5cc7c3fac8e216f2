using System.Text.Json.Nodes;

namespace McpGateway.Mcp;

/// <summary>
/// Fits a result to the client's protocol generation, whatever the upstream negotiated: 2026-07-28 results carry
/// <c>resultType</c> and the server's identity in <c>_meta</c>, and cacheable results (lists, reads) <c>ttlMs</c> and
/// <c>cacheScope</c>; 2025 results have none of these.
/// </summary>
internal static class ResultShaper
{
    private static readonly HashSet<string> Cacheable = new(StringComparer.Ordinal)
    {
        "tools/list", "prompts/list", "resources/list", "resources/templates/list", "resources/read",
    };

    public static JsonNode? Shape(JsonNode? result, string method, string protocolVersion, JsonObject serverInfo)
    {
        if (result is not JsonObject obj)
        {
            return result;
        }
        if (McpProtocol.IsStateless(protocolVersion))
        {
            obj.TryAdd("resultType", "complete");
            if (Cacheable.Contains(method))
            {
                obj.TryAdd("ttlMs", 0);
                obj.TryAdd("cacheScope", "private");
            }
            if (obj["_meta"] is not JsonObject meta)
            {
                obj["_meta"] = meta = [];
            }
            meta.TryAdd(McpProtocol.MetaServerInfo, serverInfo.DeepClone());
            return obj;
        }
        if (obj["resultType"] is JsonValue type && type.TryGetValue<string>(out var t) && t == "complete")
        {
            obj.Remove("resultType");
        }
        obj.Remove("ttlMs");
        obj.Remove("cacheScope");
        if (obj["_meta"] is JsonObject m)
        {
            m.Remove(McpProtocol.MetaServerInfo);
            if (m.Count == 0)
            {
                obj.Remove("_meta");
            }
        }
        return obj;
    }
}
