using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using McpGateway.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Pool;

/// <summary>
/// MCP over a worker process's stdin/stdout, one JSON-RPC message per line (the stdio transport). Messages go to the MCP
/// client as usual, except answers to requests the gateway wrote itself (<see cref="IRawRequestTransport"/>): those are
/// matched by id on the reading thread and handed back as the raw line, without being parsed into objects, queued for
/// the client's dispatch loop or passed between threads. Lines are read as UTF-8 bytes, never decoded to strings.
/// </summary>
internal sealed partial class StdioLineTransport : ITransport, IRawRequestTransport
{
    private static readonly JsonTypeInfo<JsonRpcMessage> MessageType =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private readonly Stream _input;
    private readonly PipeReader _output;
    private readonly ILogger _logger;
    private readonly Channel<JsonRpcMessage> _messages = Channel.CreateUnbounded<JsonRpcMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]>> _waiting = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _reading;
    private JsonObject? _clientRequestMeta;
    private volatile bool _outputClosed;
    private int _disposed;

    public StdioLineTransport(Stream input, Stream output, ILogger logger)
    {
        _input = input;
        _output = PipeReader.Create(output, new StreamPipeReaderOptions(bufferSize: 16 * 1024));
        _logger = logger;
        _reading = Task.Run(ReadAsync);
    }

    public string? SessionId => null;

    public ChannelReader<JsonRpcMessage> MessageReader => _messages.Reader;

    public JsonObject? ClientRequestMeta => Volatile.Read(ref _clientRequestMeta);

    public async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        if (message is JsonRpcRequest { Method: not (RequestMethods.Initialize or "server/discover"), Params: JsonObject { } parameters }
            && ClientRequestMeta is null && parameters["_meta"] is JsonObject meta)
        {
            LearnClientMeta(meta);
        }
        using var json = new Buffers.PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(json))
        {
            JsonSerializer.Serialize(writer, message, MessageType);
        }
        json.Write("\n"u8);
        await WriteLineAsync(json.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<byte[]> SendRawRequestAsync(string id, ReadOnlyMemory<byte> requestLine, CancellationToken cancellationToken)
    {
        // The caller resumes on the reading thread (no hand-off on the way back: that is most of what this path saves), so
        // what it does next must not block; the gateway's callers answer HTTP requests or yield before store writes.
        var answer = new TaskCompletionSource<byte[]>();
        if (!_waiting.TryAdd(id, answer))
        {
            throw new InvalidOperationException($"A request with id '{id}' is already waiting.");
        }
        try
        {
            // Checked after the waiter is in place: the reader sets the flag before it fails the waiters, so a call either
            // sees it here or is among the waiters failed.
            if (_outputClosed)
            {
                throw new IOException("The server's output is closed.");
            }
            await WriteLineAsync(requestLine, cancellationToken).ConfigureAwait(false);
            return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    /// <summary>The MCP client's own per-request protocol metadata (<c>io.modelcontextprotocol/*</c>), copied so raw requests carry the same.</summary>
    private void LearnClientMeta(JsonObject meta)
    {
        var learned = new JsonObject();
        foreach (var (key, value) in meta)
        {
            if (key.StartsWith(Mcp.McpProtocol.MetaPrefix, StringComparison.Ordinal))
            {
                learned[key] = value?.DeepClone();
            }
        }
        if (learned.Count > 0)
        {
            Interlocked.CompareExchange(ref _clientRequestMeta, learned, null);
        }
    }

    /// <summary>Writes one message that already ends with its newline, in one write.</summary>
    private async Task WriteLineAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _input.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await _input.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new IOException("Failed to send message.", e);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReadAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var read = await _output.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    Deliver(buffer.Slice(0, end));
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                }
                if (read.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        Deliver(buffer);
                    }
                    _output.AdvanceTo(buffer.End);
                    break;
                }
                _output.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            error = e;
            LogReadFailed(_logger, e);
        }
        finally
        {
            _outputClosed = true;
            await _output.CompleteAsync().ConfigureAwait(false);
            _messages.Writer.TryComplete(error);
            foreach (var (_, waiter) in _waiting)
            {
                waiter.TrySetException(new IOException("The server closed its output before answering.", error));
            }
        }
    }

    private void Deliver(ReadOnlySequence<byte> line)
    {
        ReadOnlySpan<byte> bytes = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        bytes = bytes.Trim(" \t\r"u8);
        if (bytes.IsEmpty)
        {
            return;
        }
        if (!_waiting.IsEmpty && JsonRpcEnvelope.ResponseId(bytes) is { } id && _waiting.TryRemove(id, out var waiter))
        {
            waiter.TrySetResult(bytes.ToArray());
            return;
        }
        try
        {
            if (JsonSerializer.Deserialize(bytes, MessageType) is { } message)
            {
                _messages.Writer.TryWrite(message);
            }
        }
        catch (JsonException e)
        {
            LogUnreadableLine(_logger, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _closing.CancelAsync().ConfigureAwait(false);
        try
        {
            await _reading.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        _messages.Writer.TryComplete();
        _closing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading a stdio server's output failed.")]
    private static partial void LogReadFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A stdio server wrote a line that is not JSON-RPC: {Reason}")]
    private static partial void LogUnreadableLine(ILogger logger, string reason);
}
