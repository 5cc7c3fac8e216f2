using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol;

namespace McpGateway.Mcp;

/// <summary>The 2026-07-28 rules for a request without a session: per-request <c>_meta</c>, standard headers, removed methods.</summary>
internal static class StatelessRequestRules
{
    private static readonly HashSet<string> RemovedMethods = new(StringComparer.Ordinal)
    {
        "initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe",
    };

    public static void Validate(HttpRequest request, McpMessage message, string headerVersion)
    {
        var meta = message.Params?["_meta"] as JsonObject;
        var metaVersion = meta?[McpProtocol.MetaProtocolVersion] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (message.IsRequest)
        {
            if (metaVersion is null)
            {
                throw new McpRequestException(400, (int)McpErrorCode.InvalidParams,
                    $"Requests using protocol version '{headerVersion}' must include '_meta/{McpProtocol.MetaProtocolVersion}'.");
            }
            if (meta?[McpProtocol.MetaClientCapabilities] is not JsonObject)
            {
                throw new McpRequestException(400, (int)McpErrorCode.InvalidParams,
                    $"Requests using protocol version '{headerVersion}' must include '_meta/{McpProtocol.MetaClientCapabilities}' as an object.");
            }
        }
        if (metaVersion is not null && metaVersion != headerVersion)
        {
            throw new McpRequestException(400, (int)McpErrorCode.HeaderMismatch,
                $"Bad Request: MCP-Protocol-Version '{headerVersion}' does not match _meta protocolVersion '{metaVersion}'.");
        }
        if (HeaderError(request, message) is { } error)
        {
            throw new McpRequestException(400, (int)McpErrorCode.HeaderMismatch, error);
        }
        if (message.IsRequest && RemovedMethods.Contains(message.Method!))
        {
            throw new McpRequestException(404, (int)McpErrorCode.MethodNotFound, $"Method '{message.Method}' is not available on protocol version '{headerVersion}'.");
        }
    }

    /// <summary>HTTP status of a JSON-RPC error answered as plain JSON on a stateless request.</summary>
    public static int StatusFor(int code, int status) => (McpErrorCode)code switch
    {
        McpErrorCode.MethodNotFound => 404,
        McpErrorCode.MissingRequiredClientCapability or McpErrorCode.UnsupportedProtocolVersion or McpErrorCode.HeaderMismatch => 400,
        _ => status,
    };

    private static string? HeaderError(HttpRequest request, McpMessage message)
    {
        if (!request.Headers.TryGetValue(McpProtocol.MethodHeader, out var methodHeader))
        {
            return "Missing required Mcp-Method header.";
        }
        if (methodHeader.ToString().Trim() != message.Method)
        {
            return $"Header mismatch: Mcp-Method '{methodHeader}' does not match body method '{message.Method}'.";
        }
        var property = message.Method switch
        {
            "tools/call" or "prompts/get" => "name",
            "resources/read" => "uri",
            "tasks/get" or "tasks/update" or "tasks/cancel" => "taskId", // SEP-2663: Mcp-Name carries the task id
            _ => null,
        };
        if (property is null)
        {
            return null;
        }
        if (!request.Headers.TryGetValue(McpProtocol.NameHeader, out var nameHeader))
        {
            return "Missing required Mcp-Name header.";
        }
        var bodyName = message.Params?[property] is JsonValue n && n.TryGetValue<string>(out var name) ? name : null;
        return Decode(nameHeader.ToString().Trim()) == bodyName ? null : $"Header mismatch: Mcp-Name does not match body {property}.";
    }

    /// <summary>Non-ASCII header values travel as <c>=?base64?...?=</c>.</summary>
    private static string? Decode(string value)
    {
        const string prefix = "=?base64?", suffix = "?=";
        if (!value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || !value.EndsWith(suffix, StringComparison.Ordinal))
        {
            return value;
        }
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value[prefix.Length..^suffix.Length]));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
