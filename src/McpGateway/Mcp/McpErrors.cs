using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Upstreams;
using ModelContextProtocol;

namespace McpGateway.Mcp;

/// <summary>The one place the front door turns exceptions into JSON-RPC errors with an HTTP status; never a stack trace.</summary>
internal static class McpErrors
{
    public const int SessionNotFound = -32001;
    public const int ServerError = -32000;
    public const int InternalError = -32603;

    public static McpRequestException From(Exception exception, ILogger logger) => exception switch
    {
        McpRequestException e => e,
        UpstreamException { Kind: UpstreamFailureKind.ProtocolError } e => new(200, e.McpErrorCode ?? InternalError, UpstreamMessage(e), UpstreamData(e)),
        UpstreamException e => new(e.Status, ServerError, e.Message, new JsonObject { ["instance_id"] = e.InstanceId, ["may_have_executed"] = e.Kind != UpstreamFailureKind.NotReached }),
        GatewayException { Status: 404 } e => new(404, -32602, e.Message),
        GatewayException e => new(e.Status, e.Status == 503 ? ServerError : InternalError, e.Message),
        McpProtocolException e => new(200, (int)e.ErrorCode, e.Message),
        OperationCanceledException => new(504, ServerError, "The upstream did not answer in time."),
        _ => Internal(exception, logger),
    };

    private static McpRequestException Internal(Exception exception, ILogger logger)
    {
        logger.LogError(exception, "MCP front door failed to handle a request.");
        return new(500, InternalError, "The gateway failed to handle the request; see the gateway's log.");
    }

    /// <summary>The upstream's own message, without the SDK's "Request failed (remote): " prefix.</summary>
    private static string UpstreamMessage(UpstreamException e)
    {
        var message = e.InnerCause?.Message ?? e.Message;
        const string prefix = "Request failed (remote): ";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }

    private static JsonNode? UpstreamData(UpstreamException e)
        => e.InnerCause?.Data["mcp.error.data"] is JsonNode data ? data.DeepClone() : null;

    public static JsonObject Response(JsonNode? id, JsonNode? result) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = id?.DeepClone(),
        ["result"] = result ?? new JsonObject(),
    };

    public static JsonObject Error(JsonNode? id, int code, string message, JsonNode? data = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (data is not null)
        {
            error["data"] = data.DeepClone();
        }
        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["error"] = error };
    }
}
