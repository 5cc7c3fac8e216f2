using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Jobs;
using McpGateway.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace McpGateway.Api;

/// <summary>
/// <c>GET /gateway/jobs/{id}/events</c> as server-sent events. Live events of this process come from the
/// <see cref="JobEventHub"/>; the store is also read every second so a job run by another process streams too.
/// Idle streams get a keep-alive comment (the Functions proxy cuts streams idle for 240 s).
/// </summary>
public sealed class JobEventStream(IJobStore store, JobEventHub hub, ITemplateAccess access, IOptions<JobOptions> options, TimeProvider time)
{
    private static readonly TimeSpan StorePoll = TimeSpan.FromSeconds(1);

    public async Task WriteAsync(HttpContext context, string jobId)
    {
        var cancellationToken = context.RequestAborted;
        using var subscription = hub.Subscribe(jobId);
        var job = await store.GetAsync(jobId, cancellationToken) is { } found && OwnerAccess.CanSeeJob(context.User, found, access)
            ? found
            : throw GatewayException.NotFound("Unknown job", $"No job '{jobId}'.");

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";

        var lastProgress = job.Progress;
        await SendAsync(context, JobEventTypes.Status, new JsonObject { ["status"] = job.Status, ["attempts"] = job.Attempts });
        if (job.Progress is { } progress)
        {
            await SendAsync(context, JobEventTypes.Progress, ProgressNode(progress));
        }
        if (JobStatus.IsTerminal(job.Status))
        {
            await SendTerminalAsync(context, job);
            return;
        }

        var keepAlive = TimeSpan.FromSeconds(options.Value.SseKeepAliveSeconds);
        var lastWrite = time.GetUtcNow();
        var lastPoll = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = Min(StorePoll, keepAlive);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(wait);
            JobEvent? next = null;
            try
            {
                next = await subscription.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            if (next is not null)
            {
                if (next.Type == JobEventTypes.Progress)
                {
                    lastProgress = new JobProgress(next.Data["progress"]!.GetValue<double>(), next.Data["total"]?.GetValue<double>(), next.Data["message"]?.GetValue<string>());
                }
                await SendAsync(context, next.Type, next.Data);
                lastWrite = time.GetUtcNow();
                if (next.Type == JobEventTypes.Done)
                {
                    return;
                }
                continue;
            }
            if (time.GetUtcNow() - lastPoll >= StorePoll)
            {
                lastPoll = time.GetUtcNow();
                var stored = await store.GetAsync(jobId, cancellationToken);
                if (stored is null)
                {
                    return;
                }
                if (stored.Progress is { } p && p != lastProgress && (lastProgress is null || p.Progress > lastProgress.Progress))
                {
                    lastProgress = p;
                    await SendAsync(context, JobEventTypes.Progress, ProgressNode(p));
                    lastWrite = time.GetUtcNow();
                }
                if (JobStatus.IsTerminal(stored.Status))
                {
                    await SendAsync(context, JobEventTypes.Status, new JsonObject { ["status"] = stored.Status, ["attempts"] = stored.Attempts });
                    await SendTerminalAsync(context, stored);
                    return;
                }
            }
            if (time.GetUtcNow() - lastWrite >= keepAlive)
            {
                await context.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
                lastWrite = time.GetUtcNow();
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static JsonObject ProgressNode(JobProgress progress) => new()
    {
        ["progress"] = progress.Progress,
        ["total"] = progress.Total,
        ["message"] = progress.Message,
    };

    private static async Task SendTerminalAsync(HttpContext context, JobRecord job)
    {
        if (job.Result is not null)
        {
            await SendAsync(context, JobEventTypes.Result, new JsonObject { ["result"] = job.Result.DeepClone() });
        }
        if (job.Error is not null)
        {
            await SendAsync(context, JobEventTypes.Error, JobEndpoints.View(job)["error"]!.DeepClone().AsObject());
        }
        await SendAsync(context, JobEventTypes.Done, new JsonObject { ["status"] = job.Status });
    }

    public static async Task SendAsync(HttpContext context, string type, JsonObject data)
    {
        var text = new StringBuilder().Append("event: ").Append(type).Append('\n')
            .Append("data: ").Append(data.ToJsonString(ApiJson.Options)).Append("\n\n").ToString();
        await context.Response.WriteAsync(text, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
