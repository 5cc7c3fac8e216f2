using System.Text.Json.Nodes;

namespace McpGateway.Upstreams.Tasks;

/// <summary>
/// A <c>tools/call</c> run as a 2025-11-25 task of the upstream, on one pinned session: the call with <c>task</c> (ttl), then
/// <c>tasks/get</c> every <c>pollInterval</c> until the task is terminal, then <c>tasks/result</c> as the call's result (or its
/// JSON-RPC error). Status messages and progress notifications become <paramref name="onProgress"/> updates. A cancellation
/// (the caller's, or <c>limit</c>) sends the upstream <c>tasks/cancel</c>.
/// </summary>
internal static class UpstreamTaskCall
{
    public const string RelatedTaskMeta = "io.modelcontextprotocol/related-task";
    private static readonly TimeSpan MinPoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromSeconds(1);

    /// <param name="requestTimeout">The bound of each request (the template's request timeout).</param>
    /// <param name="limit">The bound of the whole task (a synchronous caller's request timeout), or null: until <paramref name="cancellationToken"/>.</param>
    /// <param name="ttl">The task's time to live asked of the upstream.</param>
    public static async Task<JsonNode?> RunAsync(IPinnedUpstream upstream, JsonObject parameters, TimeSpan requestTimeout, TimeSpan? limit,
        TimeSpan ttl, Action<ProgressUpdate>? onProgress, TimeProvider time, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (limit is { } l)
        {
            bounded.CancelAfter(l);
        }
        var reporter = new StatusReporter(onProgress);
        var token = onProgress is null ? null : upstream.SubscribeProgress(reporter.OnProgress);
        UpstreamTaskStatus? task = null;
        try
        {
            var request = (JsonObject)parameters.DeepClone();
            request["task"] = new JsonObject { ["ttl"] = (long)ttl.TotalMilliseconds };
            if (token is not null)
            {
                var meta = request["_meta"] as JsonObject ?? [];
                meta["progressToken"] = token;
                request["_meta"] = meta;
            }
            var created = await upstream.SendAsync("tools/call", request, requestTimeout, bounded.Token).ConfigureAwait(false);
            task = UpstreamTaskStatus.Read(created?["task"]);
            if (task is null)
            {
                return created; // the upstream answered the call itself (a receiver may ignore the task member)
            }
            reporter.OnStatus(task);
            while (!task.IsTerminal)
            {
                var poll = task.PollInterval is { } p ? TimeSpan.FromTicks(Math.Clamp(p.Ticks, MinPoll.Ticks, MaxPoll.Ticks)) : DefaultPoll;
                await Task.Delay(poll, time, bounded.Token).ConfigureAwait(false);
                var got = await upstream.SendAsync("tasks/get", new JsonObject { ["taskId"] = task.TaskId }, requestTimeout, bounded.Token).ConfigureAwait(false);
                task = UpstreamTaskStatus.Read(got) ?? task;
                reporter.OnStatus(task);
            }
            if (task.Status == UpstreamTaskStatus.Cancelled)
            {
                throw new UpstreamException(UpstreamFailureKind.ProtocolError, upstream.InstanceId,
                    $"Instance '{upstream.InstanceId}' cancelled its task {task.TaskId} for the call{Suffix(task.StatusMessage)}.", mcpErrorCode: -32800);
            }
            var result = await upstream.SendAsync("tasks/result", new JsonObject { ["taskId"] = task.TaskId }, requestTimeout, bounded.Token).ConfigureAwait(false);
            return WithoutRelatedTask(result);
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested)
        {
            if (task is { IsTerminal: false })
            {
                await CancelAsync(upstream, task.TaskId, requestTimeout).ConfigureAwait(false);
            }
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            throw new UpstreamException(UpstreamFailureKind.Timeout, upstream.InstanceId,
                $"Instance '{upstream.InstanceId}' did not finish its task for the call within {limit!.Value.TotalSeconds:0.###} s; "
                + "the task was cancelled (tasks/cancel) and may have done part of its work.");
        }
        finally
        {
            if (token is not null)
            {
                upstream.UnsubscribeProgress(token);
            }
        }
    }

    /// <summary>Best effort: the task may have ended meanwhile (the upstream then answers an error), or the session may be gone.</summary>
    private static async Task CancelAsync(IPinnedUpstream upstream, string taskId, TimeSpan requestTimeout)
    {
        try
        {
            await upstream.SendAsync("tasks/cancel", new JsonObject { ["taskId"] = taskId },
                TimeSpan.FromTicks(Math.Min(requestTimeout.Ticks, TimeSpan.FromSeconds(10).Ticks)), CancellationToken.None).ConfigureAwait(false);
        }
        catch (UpstreamException)
        {
        }
    }

    /// <summary>The upstream's task id means nothing to the gateway's clients (their task, if any, is the gateway's job).</summary>
    private static JsonNode? WithoutRelatedTask(JsonNode? result)
    {
        if (result?["_meta"] is JsonObject meta && meta.Remove(RelatedTaskMeta) && meta.Count == 0)
        {
            result.AsObject().Remove("_meta");
        }
        return result;
    }

    private static string Suffix(string? message) => string.IsNullOrEmpty(message) ? "" : ": " + message;

    /// <summary>Turns status messages and progress notifications into one ordered stream of updates.</summary>
    private sealed class StatusReporter(Action<ProgressUpdate>? onProgress)
    {
        private readonly Lock _gate = new();
        private double _progress;
        private double? _total;
        private string? _message;

        public void OnProgress(ProgressUpdate update)
        {
            lock (_gate)
            {
                _progress = update.Progress;
                _total = update.Total;
                _message = update.Message ?? _message;
                onProgress?.Invoke(update with { Message = _message });
            }
        }

        public void OnStatus(UpstreamTaskStatus task)
        {
            lock (_gate)
            {
                if (task.StatusMessage is not { } message || message == _message)
                {
                    return;
                }
                _message = message;
                // Without progress notifications, each new status message is one step.
                if (_total is null)
                {
                    _progress++;
                }
                onProgress?.Invoke(new ProgressUpdate(_progress, _total, message));
            }
        }
    }
}
