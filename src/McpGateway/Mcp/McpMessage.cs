using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Mcp;

/// <summary>One JSON-RPC message as the client sent it, classified; the JSON stays untouched so nothing is lost in passing.</summary>
internal sealed record McpMessage(JsonObject Json, string? Method, JsonNode? Id, JsonObject? Params)
{
    public bool IsRequest => Method is not null && Id is not null;
    public bool IsNotification => Method is not null && Id is null;
    public bool IsResponse => Method is null;

    /// <summary>A key for the request id (string and number ids differ).</summary>
    public string? IdKey => Id?.ToJsonString();

    /// <summary>A member named twice is a parse error (an object with two ids has no meaning), as is nesting deeper than 64.</summary>
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>Parses a POST body; parse errors and shapes that are not one JSON-RPC message are 400 errors.</summary>
    public static McpMessage Parse(ReadOnlySpan<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            // Checked here: the parser only finds bad bytes inside strings once they are read, far from this point.
            throw new McpRequestException(400, McpErrors.ParseError, "Parse error: the body is not valid UTF-8.");
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body, documentOptions: Strict);
        }
        catch (JsonException)
        {
            throw new McpRequestException(400, McpErrors.ParseError, "Parse error: the body is not valid JSON (or names a member twice).");
        }
        if (node is JsonArray)
        {
            throw McpRequestException.InvalidRequest("Invalid request: JSON-RPC batches are not supported; send one message per POST.");
        }
        if (node is not JsonObject json)
        {
            throw McpRequestException.InvalidRequest("Invalid request: the body must be a JSON-RPC message object.");
        }
        var id = json["id"];
        if (json["jsonrpc"] is not JsonValue version || !version.TryGetValue<string>(out var v) || v != "2.0")
        {
            throw McpRequestException.InvalidRequest("Invalid request: 'jsonrpc' must be \"2.0\".");
        }
        if (id is not null && (id is not JsonValue idValue || idValue.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number)))
        {
            throw McpRequestException.InvalidRequest("Invalid request: 'id' must be a string or a number.");
        }
        if (json.ContainsKey("method"))
        {
            if (json["method"] is not JsonValue m || !m.TryGetValue<string>(out var method) || method.Length == 0)
            {
                throw McpRequestException.InvalidRequest("Invalid request: 'method' must be a non-empty string.");
            }
            if (json.ContainsKey("params") && json["params"] is not JsonObject)
            {
                throw McpRequestException.InvalidRequest("Invalid request: 'params' must be an object.");
            }
            return new McpMessage(json, method, id, json["params"] as JsonObject);
        }
        if (id is not null && (json.ContainsKey("result") || json["error"] is JsonObject))
        {
            return new McpMessage(json, null, id, null);
        }
        throw McpRequestException.InvalidRequest("Invalid request: not a JSON-RPC request, notification or response.");
    }
}
