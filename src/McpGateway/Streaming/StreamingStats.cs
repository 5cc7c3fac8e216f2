using System.Text.Json.Nodes;

namespace McpGateway.Streaming;

/// <summary>Counters of the streaming endpoints for <c>GET /stats</c>.</summary>
public sealed class StreamingStats
{
    private long _calls;
    private long _failedCalls;
    private long _activeCalls;
    private long _sseStreams;
    private long _activeSse;
    private long _webSockets;
    private long _activeWebSockets;
    private long _hubConnections;

    public void CallStarted()
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Increment(ref _activeCalls);
    }

    public void CallEnded(bool failed)
    {
        Interlocked.Decrement(ref _activeCalls);
        if (failed)
        {
            Interlocked.Increment(ref _failedCalls);
        }
    }

    public IDisposable SseOpened() => Open(ref _sseStreams, () => Interlocked.Decrement(ref _activeSse), ref _activeSse);

    public IDisposable WebSocketOpened() => Open(ref _webSockets, () => Interlocked.Decrement(ref _activeWebSockets), ref _activeWebSockets);

    public void HubConnected() => Interlocked.Increment(ref _hubConnections);

    public void HubDisconnected() => Interlocked.Decrement(ref _hubConnections);

    public JsonObject Snapshot() => new()
    {
        ["streamed_calls"] = Interlocked.Read(ref _calls),
        ["streamed_call_errors"] = Interlocked.Read(ref _failedCalls),
        ["active_calls"] = Interlocked.Read(ref _activeCalls),
        ["sse_streams"] = Interlocked.Read(ref _sseStreams),
        ["active_sse_streams"] = Interlocked.Read(ref _activeSse),
        ["websockets"] = Interlocked.Read(ref _webSockets),
        ["active_websockets"] = Interlocked.Read(ref _activeWebSockets),
        ["hub_connections"] = Interlocked.Read(ref _hubConnections),
    };

    private static IDisposable Open(ref long total, Action close, ref long active)
    {
        Interlocked.Increment(ref total);
        Interlocked.Increment(ref active);
        return new Closer(close);
    }

    private sealed class Closer(Action close) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                close();
            }
        }
    }
}
