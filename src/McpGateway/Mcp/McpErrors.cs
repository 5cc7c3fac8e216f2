using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Upstreams;
using ModelContextProtocol;

namespace McpGateway.Mcp;

/// <summary>
/// The one place the front door turns exceptions into JSON-RPC errors with an HTTP status; never a stack trace. The
/// gateway's own error codes are decided here (and written by <see cref="Security.DeniedResponses"/> too):
/// <see cref="SessionNotFound"/> <c>-32001</c> (404, as the official MCP SDK servers answer), <see cref="Unauthorized"/>
/// <c>-32010</c> (401), <see cref="Forbidden"/> <c>-32003</c> (403), <see cref="RateLimited"/> <c>-32029</c> (429).
/// </summary>
internal static class McpErrors
{
    public const int ServerError = -32000;
    public const int SessionNotFound = -32001;
    public const int Forbidden = -32003;
    public const int Unauthorized = -32010;
    public const int RateLimited = -32029;
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;

    public static McpRequestException From(Exception exception, ILogger logger) => exception switch
    {
        McpRequestException e => e,
        UpstreamException { Kind: UpstreamFailureKind.ProtocolError } e => new(200, e.McpErrorCode ?? InternalError, UpstreamMessage(e), UpstreamData(e)),
        UpstreamException e => new(e.Status, ServerError, e.Message, new JsonObject { ["instance_id"] = e.InstanceId, ["may_have_executed"] = e.MayHaveExecuted }),
        GatewayException { Status: 404 } e => new(404, InvalidParams, e.Message),
        GatewayException e => new(e.Status, CodeFor(e.Status), e.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new(413, InvalidRequest,
            "Request body too large: it exceeds the gateway's limit (McpGateway:MaxRequestBodyBytes)."),
        BadHttpRequestException e => new(e.StatusCode is >= 400 and < 500 ? e.StatusCode : 400, InvalidRequest, "Bad request: " + e.Message),
        McpProtocolException e => new(200, (int)e.ErrorCode, e.Message),
        OperationCanceledException => new(504, ServerError, "The upstream did not answer in time."),
        _ => Internal(exception, logger),
    };

    /// <summary>The JSON-RPC error code for an HTTP status the gateway refuses a request with.</summary>
    public static int CodeFor(int status) => status switch
    {
        401 => Unauthorized,
        403 => Forbidden,
        429 => RateLimited,
        >= 400 and < 500 => InvalidRequest,
        500 => InternalError,
        _ => ServerError,
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
