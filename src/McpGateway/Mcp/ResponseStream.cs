using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;

namespace McpGateway.Mcp;

/// <summary>
/// The messages one HTTP response carries to the client, in order. A POST whose first message is its final response
/// is answered as plain JSON; anything sent before it (progress, logs, server-to-client requests) turns the response
/// into an SSE stream. A GET stream never ends by itself.
/// </summary>
internal sealed class ResponseStream
{
    private readonly Channel<(JsonNode Message, bool Final, int Status)> _queue = Channel.CreateUnbounded<(JsonNode, bool, int)>(
        new UnboundedChannelOptions { SingleReader = true });

    private readonly TaskCompletionSource _streaming = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first message before the final response is queued (the response becomes an SSE stream).</summary>
    public Task Streaming => _streaming.Task;

    /// <summary>Queues a notification or server-to-client request; false when the stream has ended.</summary>
    public bool Send(JsonNode message)
    {
        if (!_queue.Writer.TryWrite((message, false, 200)))
        {
            return false;
        }
        _streaming.TrySetResult();
        return true;
    }

    /// <summary>Queues the final response and ends the stream; <paramref name="status"/> applies if it goes out as plain JSON.</summary>
    public void Finish(JsonNode response, int status = 200)
    {
        _queue.Writer.TryWrite((response, true, status));
        _queue.Writer.TryComplete();
    }

    public void Close() => _queue.Writer.TryComplete();

    /// <summary>
    /// Writes queued messages until the final one (or, for a GET stream, until the client leaves). Without
    /// <paramref name="allowJson"/> (a GET stream) the SSE response starts at once, before any message, so the client sees
    /// the stream open; the response is started exactly once either way.
    /// </summary>
    public async Task WriteAsync(HttpContext context, bool allowJson, CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        var sse = false;
        try
        {
            if (!allowJson)
            {
                StartSse(context);
                sse = true;
                await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    if (!sse && allowJson && item.Final)
                    {
                        await WriteJsonAsync(context, item.Status, item.Message, cancellationToken).ConfigureAwait(false);
                        return;
                    }
                    if (!sse)
                    {
                        StartSse(context);
                        sse = true;
                    }
                    await WriteEventAsync(context, item.Message, cancellationToken).ConfigureAwait(false);
                    if (item.Final)
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            _queue.Writer.TryComplete();
        }
    }

    /// <summary>One JSON message as the whole response, with its length (one write, no chunked framing).</summary>
    public static async Task WriteJsonAsync(HttpContext context, int status, JsonNode message, CancellationToken cancellationToken)
    {
        using var buffer = new Buffers.PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            message.WriteTo(writer);
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private static void StartSse(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    private static async Task WriteEventAsync(HttpContext context, JsonNode message, CancellationToken cancellationToken)
    {
        var text = "event: message\ndata: " + message.ToJsonString() + "\n\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
