using System.Text.Json.Nodes;

namespace McpGateway.Mcp;

/// <summary>A request the front door answers with a JSON-RPC error and, when the response has not started, an HTTP status.</summary>
internal sealed class McpRequestException(int httpStatus, int code, string message, JsonNode? data = null) : Exception(message)
{
    public int HttpStatus { get; } = httpStatus;
    public int Code { get; } = code;
    public JsonNode? ErrorData { get; } = data;

    public static McpRequestException InvalidRequest(string message) => new(400, -32600, message);
    public static McpRequestException InvalidParams(string message) => new(200, -32602, message);
    public static McpRequestException MethodNotFound(string method) => new(200, -32601, $"Method not found: '{method}'.");
}
