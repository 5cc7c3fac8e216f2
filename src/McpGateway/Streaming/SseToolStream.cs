using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace McpGateway.Streaming;

/// <summary>
/// <c>POST /tools/{name}/stream</c>: the call's events as server-sent events (<c>progress</c>, <c>chunk</c>, <c>result</c> or
/// <c>error</c>, then <c>done</c>), with a <c>: keep-alive</c> comment whenever the stream is idle for the keep-alive interval.
/// </summary>
public sealed class SseToolStream(ToolCallStreamer streamer, StreamingStats stats, IOptions<StreamingOptions> options)
{
    public async Task WriteAsync(HttpContext context, ToolTarget target, JsonObject? arguments)
    {
        var cancellationToken = context.RequestAborted;
        using var open = stats.SseOpened();
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await context.Response.Body.FlushAsync(cancellationToken);

        var reader = streamer.Start(target, arguments, context.Request.Path.Value ?? "", cancellationToken);
        var keepAlive = TimeSpan.FromSeconds(options.Value.KeepAliveSeconds);
        var status = "complete";
        while (true)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(keepAlive);
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await context.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
                continue;
            }
            if (!more)
            {
                break;
            }
            while (reader.TryRead(out var item))
            {
                if (item.Kind == ToolStreamEvents.Error)
                {
                    status = "error";
                }
                await SendAsync(context, item.Kind, item.Data);
            }
        }
        await SendAsync(context, "done", new JsonObject { ["status"] = status });
    }

    private static async Task SendAsync(HttpContext context, string type, JsonObject data)
    {
        var text = new StringBuilder().Append("event: ").Append(type).Append('\n')
            .Append("data: ").Append(data.ToJsonString(ApiJson.Options)).Append("\n\n").ToString();
        await context.Response.WriteAsync(text, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
