using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Jobs;
using Microsoft.Extensions.Options;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// 2025-11-25 notifications of the tasks a session created, on the session's stream (its GET stream, else a request in
/// flight): <c>notifications/tasks/status</c> when the task status changes, and <c>notifications/progress</c> under the
/// creating request's progress token (which stays valid for the task's lifetime). Only for jobs whose events this process
/// sees (it runs them); optional in the spec, and clients poll anyway.
/// </summary>
internal sealed class TaskEventRelay(IServiceProvider services, IOptions<TaskOptions> options, ILogger<TaskEventRelay> logger) : IJobEventSink
{
    private readonly ConcurrentDictionary<string, Tracked> _tracked = new(StringComparer.Ordinal);

    private sealed class Tracked(McpSession session, JsonNode? progressToken)
    {
        public McpSession Session { get; } = session;
        public JsonNode? ProgressToken { get; } = progressToken;
        public string LastStatus { get; set; } = TaskProtocol.Working;
        public CancellationTokenRegistration OnSessionEnd { get; set; }
    }

    public void Track(string taskId, McpSession session, JsonNode? progressToken)
    {
        var tracked = new Tracked(session, progressToken?.DeepClone());
        _tracked[taskId] = tracked;
        tracked.OnSessionEnd = session.Ended.Register(() => Untrack(taskId));
    }

    private void Untrack(string taskId)
    {
        if (_tracked.TryRemove(taskId, out var tracked))
        {
            tracked.OnSessionEnd.Dispose();
        }
    }

    public async ValueTask PublishAsync(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        if (!_tracked.TryGetValue(jobEvent.JobId, out var tracked))
        {
            return;
        }
        switch (jobEvent.Type)
        {
            case JobEventTypes.Progress when tracked.ProgressToken is not null:
                var progress = (JsonObject)jobEvent.Data.DeepClone();
                progress["progressToken"] = tracked.ProgressToken.DeepClone();
                progress["_meta"] = new JsonObject { [TaskProtocol.RelatedTaskMeta] = new JsonObject { ["taskId"] = jobEvent.JobId } };
                Send(tracked, "notifications/progress", progress);
                break;
            case JobEventTypes.Status:
                await StatusAsync(jobEvent.JobId, tracked, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task StatusAsync(string taskId, Tracked tracked, CancellationToken cancellationToken)
    {
        // Resolved here, not injected: the job service publishes through the notifier that holds this sink.
        var job = await services.GetRequiredService<JobService>().GetAsync(taskId, cancellationToken).ConfigureAwait(false);
        var status = TaskStatusMap.StatusOf(job, TaskGeneration.Legacy);
        if (TaskProtocol.IsTerminal(status))
        {
            Untrack(taskId);
        }
        lock (tracked)
        {
            if (status == tracked.LastStatus)
            {
                return;
            }
            tracked.LastStatus = status;
        }
        Send(tracked, TaskProtocol.StatusNotification, TaskView.Legacy(job, options.Value.PollIntervalMilliseconds));
    }

    private void Send(Tracked tracked, string method, JsonObject parameters)
    {
        if (tracked.Session.NotificationStream is not { } stream
            || !stream.Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters }))
        {
            logger.LogDebug("No open stream for {Method} of session {Session}.", method, tracked.Session.Id);
        }
    }
}
