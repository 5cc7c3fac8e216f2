using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams;

/// <summary>
/// Routes <c>notifications/progress</c> from a shared upstream session to the call that asked for it, by the progress
/// token the gateway put on that call. It sits on the transport as an <see cref="IUpstreamMessageTap"/>, so it sees the
/// notifications in wire order and before the response that follows them reaches the MCP client: every progress
/// notification is delivered, in order, before the call's result returns.
/// </summary>
internal sealed class ProgressRouter : IUpstreamMessageTap
{
    private const string TokenPrefix = "gwp-";
    private readonly ConcurrentDictionary<string, Action<ProgressUpdate>> _subscriptions = new(StringComparer.Ordinal);
    private long _next;

    public string Subscribe(Action<ProgressUpdate> observer)
    {
        var token = TokenPrefix + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _subscriptions[token] = observer;
        return token;
    }

    public void Unsubscribe(string token) => _subscriptions.TryRemove(token, out _);

    public bool OnMessage(JsonRpcMessage message, ITransport upstream)
    {
        if (message is not JsonRpcNotification { Method: NotificationMethods.ProgressNotification } notification
            || notification.Params?["progressToken"] is not JsonValue tokenValue
            || !tokenValue.TryGetValue<string>(out var token)
            || !token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        if (_subscriptions.TryGetValue(token, out var observer))
        {
            var parameters = notification.Params!;
            var progress = parameters["progress"] is JsonValue p && p.TryGetValue<double>(out var value) ? value : 0;
            var total = parameters["total"] is JsonValue t && t.TryGetValue<double>(out var totalValue) ? totalValue : (double?)null;
            var text = parameters["message"] is JsonValue m && m.TryGetValue<string>(out var s) ? s : null;
            observer(new ProgressUpdate(progress, total, text));
        }
        return true; // the gateway's own token: nobody else needs it
    }
}
