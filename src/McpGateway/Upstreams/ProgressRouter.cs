using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams;

/// <summary>
/// Routes <c>notifications/progress</c> from a shared upstream session to the call that asked for it, by the
/// progress token the gateway put on that call. The SDK runs notification handlers on the thread pool, so the last
/// notification can land after the result: <see cref="DrainAsync"/> lets those queued handlers run first.
/// </summary>
internal sealed class ProgressRouter
{
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private long _next;

    public string Subscribe(Action<ProgressUpdate> observer)
    {
        var token = "gwp-" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _subscriptions[token] = new Subscription(observer);
        return token;
    }

    public void Unsubscribe(string token) => _subscriptions.TryRemove(token, out _);

    public ValueTask OnNotificationAsync(JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        var parameters = notification.Params;
        var token = parameters?["progressToken"];
        if (token is null || !_subscriptions.TryGetValue(token.ToString(), out var subscription))
        {
            return ValueTask.CompletedTask;
        }
        var progress = parameters!["progress"] is JsonValue p && p.TryGetValue<double>(out var value) ? value : 0;
        var total = parameters["total"] is JsonValue t && t.TryGetValue<double>(out var totalValue) ? totalValue : (double?)null;
        var message = parameters["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : null;
        subscription.Deliver(new ProgressUpdate(progress, total, message));
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits for notifications already queued on the thread pool, up to a short bound, before the result is passed on.</summary>
    public async Task DrainAsync(string token)
    {
        if (!_subscriptions.TryGetValue(token, out var subscription))
        {
            return;
        }
        // Two hops through the thread pool queue let handlers queued before the result run.
        await Task.Run(static () => { }).ConfigureAwait(false);
        await Task.Run(static () => { }).ConfigureAwait(false);
        // If the upstream announced a total and we have not seen it yet, give the stragglers a little longer.
        for (var i = 0; i < 20 && subscription.Last is { Total: { } total } last && last.Progress < total; i++)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    private sealed class Subscription(Action<ProgressUpdate> observer)
    {
        private readonly Lock _gate = new();

        public ProgressUpdate? Last { get; private set; }

        /// <summary>Serialised and monotonic: an out-of-order notification (lower progress) is dropped, as MCP requires progress to increase.</summary>
        public void Deliver(ProgressUpdate update)
        {
            lock (_gate)
            {
                if (Last is { } last && update.Progress <= last.Progress)
                {
                    return;
                }
                Last = update;
                observer(update);
            }
        }
    }
}
