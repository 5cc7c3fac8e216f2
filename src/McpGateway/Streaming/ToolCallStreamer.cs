using System.Text.Json.Nodes;
using System.Threading.Channels;
using McpGateway.Api;
using McpGateway.Routing;
using McpGateway.Upstreams;

namespace McpGateway.Streaming;

/// <summary>
/// Runs one <c>tools/call</c> through the <see cref="CallRouter"/> and turns it into events, in order: every progress
/// notification, then each content block of the result as a <c>chunk</c>, then the <c>result</c> — or an <c>error</c>.
/// The SSE and WebSocket endpoints only write these events out.
/// </summary>
public sealed class ToolCallStreamer(CallRouter router, StreamingStats stats, ILogger<ToolCallStreamer> logger)
{
    /// <summary>Starts the call; the reader completes after the last event. Cancelling the token cancels the upstream call.</summary>
    public ChannelReader<ToolStreamEvent> Start(ToolTarget target, JsonObject? arguments, string instance, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<ToolStreamEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _ = RunAsync(target, arguments, instance, channel.Writer, cancellationToken);
        return channel.Reader;
    }

    private async Task RunAsync(ToolTarget target, JsonObject? arguments, string instance, ChannelWriter<ToolStreamEvent> writer,
        CancellationToken cancellationToken)
    {
        stats.CallStarted();
        try
        {
            var parameters = new JsonObject { ["name"] = target.Tool, ["arguments"] = arguments?.DeepClone() ?? new JsonObject() };
            var routed = await router.SendAsync(target.Caller, target.Template, "tools/call", parameters, update => writer.TryWrite(Progress(update)), cancellationToken)
                .ConfigureAwait(false);
            var result = routed.Result as JsonObject ?? new JsonObject();
            if (result["content"] is JsonArray content)
            {
                for (var i = 0; i < content.Count; i++)
                {
                    writer.TryWrite(new ToolStreamEvent(ToolStreamEvents.Chunk, new JsonObject { ["index"] = i, ["data"] = content[i]?.DeepClone() }));
                }
            }
            var failed = result["isError"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
            writer.TryWrite(new ToolStreamEvent(ToolStreamEvents.Result, new JsonObject
            {
                ["status"] = failed ? "error" : "success",
                ["data"] = result,
            }));
            stats.CallEnded(failed: false);
        }
        catch (Exception e)
        {
            var cancelled = cancellationToken.IsCancellationRequested;
            if (!GatewayProblems.IsExpected(e, cancelled))
            {
                logger.LogError(e, "Streamed call of {Tool} failed.", target.QualifiedName);
            }
            writer.TryWrite(new ToolStreamEvent(ToolStreamEvents.Error, GatewayProblems.ToJson(GatewayProblems.From(e, instance, cancelled))));
            stats.CallEnded(failed: true);
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private static ToolStreamEvent Progress(ProgressUpdate update)
    {
        var data = new JsonObject { ["progress"] = update.Progress };
        if (update.Total is { } total)
        {
            data["total"] = total;
        }
        if (update.Message is { } message)
        {
            data["message"] = message;
        }
        return new ToolStreamEvent(ToolStreamEvents.Progress, data);
    }
}
