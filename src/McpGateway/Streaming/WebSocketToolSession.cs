using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Api;

namespace McpGateway.Streaming;

/// <summary>
/// One <c>WS /ws/tools/{name}</c> socket: each text message <c>{arguments, id}</c> starts a call of the tool, and calls run
/// concurrently. Every answer carries the message's <c>id</c>: <c>started</c>, <c>progress</c>, <c>chunk</c>, then
/// <c>complete</c> (<c>{status, data: CallToolResult}</c>) or <c>error</c> (<c>{error: problem}</c>). When the client
/// closes, calls in flight finish first; when the socket drops, they are cancelled.
/// </summary>
public sealed class WebSocketToolSession(WebSocket socket, ToolTarget target, ToolCallStreamer streamer, StreamingOptions options, string instance)
{
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly List<Task> _calls = [];
    private int _inFlight;

    public async Task RunAsync(CancellationToken aborted)
    {
        using var calls = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var text = await ReceiveTextAsync(calls.Token);
                if (text is null)
                {
                    break;
                }
                Start(text, calls.Token);
            }
            await Task.WhenAll(Snapshot());
            if (socket.State is WebSocketState.CloseReceived or WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", aborted);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            await calls.CancelAsync();
            await Task.WhenAll(Snapshot()).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private Task[] Snapshot()
    {
        lock (_calls)
        {
            return _calls.ToArray();
        }
    }

    private void Start(string text, CancellationToken cancellationToken)
    {
        JsonNode? id = null;
        JsonObject? arguments;
        try
        {
            var message = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
            id = message["id"]?.DeepClone();
            arguments = message["arguments"] switch
            {
                null => null,
                JsonObject o => o,
                _ => throw new JsonException("'arguments' must be an object"),
            };
        }
        catch (JsonException e)
        {
            Track(SendErrorAsync(id, Problem(400, "Malformed message",
                $"Each message must be a JSON object {{\"arguments\": {{...}}, \"id\": ...}} ({e.Message}).", "bad-request"), cancellationToken));
            return;
        }
        if (Interlocked.Increment(ref _inFlight) > options.MaxCallsPerSocket)
        {
            Interlocked.Decrement(ref _inFlight);
            Track(SendErrorAsync(id, Problem(429, "Too many calls in flight",
                $"A socket may run {options.MaxCallsPerSocket} calls at once (McpGateway:Streaming:MaxCallsPerSocket).", "too-many-calls"), cancellationToken));
            return;
        }
        Track(RunCallAsync(id, arguments, cancellationToken));
    }

    private void Track(Task task)
    {
        lock (_calls)
        {
            _calls.RemoveAll(t => t.IsCompleted);
            _calls.Add(task);
        }
    }

    private async Task RunCallAsync(JsonNode? id, JsonObject? arguments, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(Message("started", id, new JsonObject { ["tool"] = target.QualifiedName }), cancellationToken);
            await foreach (var item in streamer.Start(target, arguments, instance, cancellationToken).ReadAllAsync(cancellationToken))
            {
                var message = item.Kind switch
                {
                    ToolStreamEvents.Result => Message("complete", id, item.Data),
                    ToolStreamEvents.Error => Message("error", id, new JsonObject { ["error"] = item.Data }),
                    _ => Message(item.Kind, id, item.Data),
                };
                await SendAsync(message, cancellationToken);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The socket is gone; nobody is left to tell.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>A refused message: the problem of an error event (the call never started).</summary>
    private JsonObject Problem(int status, string title, string detail, string type)
        => GatewayProblems.ToJson(GatewayProblems.Create(status, title, detail, GatewayProblems.TypeBase + type, instance));

    private async Task SendErrorAsync(JsonNode? id, JsonObject problem, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(Message("error", id, new JsonObject { ["error"] = problem }), cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    private static JsonObject Message(string kind, JsonNode? id, JsonObject data)
    {
        var message = new JsonObject { ["event"] = kind, ["id"] = id?.DeepClone() };
        foreach (var (key, value) in data)
        {
            message[key] = value?.DeepClone();
        }
        return message;
    }

    private async Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString(ApiJson.Options));
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>The next text message, or null once the client closes. Oversized or binary messages close the socket.</summary>
    private async Task<string?> ReceiveTextAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var result = await socket.ReceiveAsync(memory, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            buffer.Advance(result.Count);
            if (result.MessageType != WebSocketMessageType.Text || buffer.WrittenCount > options.MaxMessageBytes)
            {
                var (status, reason) = result.MessageType != WebSocketMessageType.Text
                    ? (WebSocketCloseStatus.InvalidMessageType, "text JSON messages only")
                    : (WebSocketCloseStatus.MessageTooBig, "message too big");
                await socket.CloseOutputAsync(status, reason, cancellationToken);
                return null;
            }
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer.WrittenSpan);
            }
        }
    }
}
