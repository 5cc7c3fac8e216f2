using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using McpGateway.Upstreams;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp;

/// <summary>
/// Maps progress tokens: each forwarded request that asks for progress gets a token unique in this process, so requests of
/// different clients sharing one upstream session cannot collide; the upstream's notifications are relayed to the response
/// stream of the request with the client's own token, in order and before the result (the tap sees them first).
/// </summary>
public sealed class ProgressRelay : IUpstreamMessageTap
{
    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private readonly string _prefix = "mcpgw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + "-";
    private long _next;

    private sealed record Route(ResponseStream Stream, JsonNode ClientToken);

    /// <summary>Replaces <c>_meta.progressToken</c> in <paramref name="parameters"/> (if any); returns the token to release.</summary>
    internal string? Attach(JsonObject? parameters, ResponseStream stream)
    {
        if (parameters?["_meta"] is not JsonObject meta || meta["progressToken"] is not { } clientToken)
        {
            return null;
        }
        var token = _prefix + Interlocked.Increment(ref _next);
        _routes[token] = new Route(stream, clientToken.DeepClone());
        meta["progressToken"] = token;
        return token;
    }

    internal void Release(string? token)
    {
        if (token is not null)
        {
            _routes.TryRemove(token, out _);
        }
    }

    public bool OnMessage(JsonRpcMessage message, ITransport upstream)
    {
        if (message is not JsonRpcNotification { Method: NotificationMethods.ProgressNotification, Params: JsonObject parameters }
            || parameters["progressToken"] is not JsonValue value
            || !value.TryGetValue<string>(out var token)
            || !_routes.TryGetValue(token, out var route))
        {
            return false;
        }
        var relayed = (JsonObject)parameters.DeepClone();
        relayed["progressToken"] = route.ClientToken.DeepClone();
        route.Stream.Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = NotificationMethods.ProgressNotification, ["params"] = relayed });
        return true;
    }
}
