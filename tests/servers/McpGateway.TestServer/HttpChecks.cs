using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.TestServer;

/// <summary>Request validation of Streamable HTTP, as the SDK's ASP.NET Core handler does it.</summary>
public static class HttpChecks
{
    public const string PerRequestMetadataVersion = "2026-07-28";

    public static readonly string[] SupportedVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", PerRequestMetadataVersion];

    private static readonly JsonTypeInfo<JsonRpcError> ErrorTypeInfo =
        (JsonTypeInfo<JsonRpcError>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError));

    public sealed record Rejection(int Status, int Code, string Message, JsonNode? Data = null);

    public static bool IsPerRequestMetadataVersion(string? version) =>
        !string.IsNullOrEmpty(version) && string.CompareOrdinal(version, PerRequestMetadataVersion) >= 0;

    public static string ProtocolVersionHeader(HttpRequest request) => request.Headers["MCP-Protocol-Version"].ToString();

    public static RequestId IdOf(JsonRpcMessage message) => message is JsonRpcRequest request ? request.Id : default;

    public static bool Accepts(HttpRequest request, string mediaType) =>
        MediaTypeHeaderValue.TryParseList([.. request.Headers.Accept.Select(a => a ?? "")], out var accepted) &&
        accepted.Any(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase));

    /// <summary>Protocol-version header, 2026-07-28 envelope (_meta), Mcp-Method/Mcp-Name and removed methods.</summary>
    public static Rejection? ValidatePost(HttpContext context, JsonRpcMessage message, bool statelessOnly)
    {
        string header = ProtocolVersionHeader(context.Request);
        if (!string.IsNullOrEmpty(header) && !SupportedVersions.Contains(header))
        {
            string[] advertised = statelessOnly ? [PerRequestMetadataVersion] : SupportedVersions;
            var data = new JsonObject { ["supported"] = new JsonArray([.. advertised.Select(v => JsonValue.Create(v))]), ["requested"] = header };
            return new(400, (int)McpErrorCode.UnsupportedProtocolVersion, $"Bad Request: MCP-Protocol-Version '{header}' is not supported.", data);
        }

        if (message is not (JsonRpcRequest or JsonRpcNotification))
        {
            return null;
        }

        var (method, parameters) = message switch
        {
            JsonRpcRequest r => (r.Method, r.Params),
            JsonRpcNotification n => (n.Method, n.Params),
            _ => ("", null),
        };
        var meta = (parameters as JsonObject)?["_meta"] as JsonObject;
        string? metaVersion = (meta?["io.modelcontextprotocol/protocolVersion"] as JsonValue)?.TryGetValue(out string? v) == true ? v : null;

        if (!IsPerRequestMetadataVersion(header) && !IsPerRequestMetadataVersion(metaVersion))
        {
            return null;
        }

        if (string.IsNullOrEmpty(header))
        {
            return new(400, (int)McpErrorCode.HeaderMismatch, "Bad Request: MCP-Protocol-Version header is required when _meta declares a per-request protocol version.");
        }

        if (message is JsonRpcRequest)
        {
            if (metaVersion is null)
            {
                return new(400, (int)McpErrorCode.InvalidParams, $"Requests using protocol version '{header}' must include '_meta/io.modelcontextprotocol/protocolVersion'.");
            }

            if (meta?["io.modelcontextprotocol/clientCapabilities"] is not JsonObject)
            {
                return new(400, (int)McpErrorCode.InvalidParams, $"Requests using protocol version '{header}' must include '_meta/io.modelcontextprotocol/clientCapabilities' as an object.");
            }
        }

        if (metaVersion is not null && metaVersion != header)
        {
            return new(400, (int)McpErrorCode.HeaderMismatch, $"Bad Request: MCP-Protocol-Version '{header}' does not match _meta protocolVersion '{metaVersion}'.");
        }

        if (ValidateStandardHeaders(context.Request, method, parameters) is { } headerError)
        {
            return new(400, (int)McpErrorCode.HeaderMismatch, headerError);
        }

        if (message is JsonRpcRequest && method is "initialize" or "ping" or "logging/setLevel" or "resources/subscribe" or "resources/unsubscribe")
        {
            return new(404, (int)McpErrorCode.MethodNotFound, $"Method '{method}' is not available on protocol version '{header}'.");
        }

        return null;
    }

    /// <summary>HTTP status for a JSON-RPC error on a 2026-07-28 request (SEP-2575).</summary>
    public static int StatusForError(int code, int current) => (McpErrorCode)code switch
    {
        McpErrorCode.MethodNotFound => 404,
        McpErrorCode.MissingRequiredClientCapability or McpErrorCode.UnsupportedProtocolVersion or McpErrorCode.HeaderMismatch => 400,
        _ => current,
    };

    public static bool IsLocalHostAndOrigin(HttpRequest request)
    {
        static bool IsLocal(string host) =>
            host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host is "127.0.0.1" or "[::1]" or "::1";

        if (!IsLocal(request.Host.Host))
        {
            return false;
        }

        string origin = request.Headers.Origin.ToString();
        return string.IsNullOrEmpty(origin) || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && IsLocal(uri.Host));
    }

    public static Task WriteErrorAsync(HttpContext context, int status, int code, string message, RequestId id = default, JsonNode? data = null)
    {
        var error = new JsonRpcError { Id = id, Error = new JsonRpcErrorDetail { Code = code, Message = message, Data = data } };
        return Results.Json(error, ErrorTypeInfo, statusCode: status).ExecuteAsync(context);
    }

    private static string? ValidateStandardHeaders(HttpRequest request, string method, JsonNode? parameters)
    {
        if (!request.Headers.TryGetValue("Mcp-Method", out var methodHeader))
        {
            return "Missing required Mcp-Method header.";
        }

        if (methodHeader.ToString().Trim() != method)
        {
            return $"Header mismatch: Mcp-Method '{methodHeader}' does not match body method '{method}'.";
        }

        string? nameProperty = method switch
        {
            "tools/call" or "prompts/get" => "name",
            "resources/read" => "uri",
            _ => null,
        };
        if (nameProperty is null)
        {
            return null;
        }

        if (!request.Headers.TryGetValue("Mcp-Name", out var nameHeader))
        {
            return "Missing required Mcp-Name header.";
        }

        string? bodyName = ((parameters as JsonObject)?[nameProperty] as JsonValue)?.TryGetValue(out string? n) == true ? n : null;
        string? headerName = DecodeHeaderValue(nameHeader.ToString().Trim());
        return headerName == bodyName ? null : $"Header mismatch: Mcp-Name '{nameHeader}' does not match body {nameProperty} '{bodyName}'.";
    }

    /// <summary>Non-ASCII header values travel as =?base64?...?= (SEP-2243).</summary>
    private static string? DecodeHeaderValue(string value)
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
