using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Api;

namespace McpGateway.Jobs;

/// <summary>Publishes job events to every registered sink; a failing sink never fails the job.</summary>
public sealed class JobNotifier(IEnumerable<IJobEventSink> sinks, ILogger<JobNotifier> logger)
{
    private readonly IJobEventSink[] _sinks = sinks.ToArray();

    public async ValueTask PublishAsync(JobEvent jobEvent, CancellationToken cancellationToken = default)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.PublishAsync(jobEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "A job event sink ({Sink}) failed.", sink.GetType().Name);
            }
        }
    }

    public ValueTask ProgressAsync(JobRecord job, JobProgress progress)
        => PublishAsync(new JobEvent(job.Id, JobEventTypes.Progress, (JsonObject)JsonSerializer.SerializeToNode(progress, ApiJson.Options)!, job.Owner));

    /// <summary>Status change, and for terminal states the result or error followed by <c>done</c>.</summary>
    public async ValueTask StatusAsync(JobRecord job)
    {
        await PublishAsync(new JobEvent(job.Id, JobEventTypes.Status, new JsonObject { ["status"] = job.Status, ["attempts"] = job.Attempts }, job.Owner));
        if (!JobStatus.IsTerminal(job.Status))
        {
            return;
        }
        if (job.Result is not null)
        {
            await PublishAsync(new JobEvent(job.Id, JobEventTypes.Result, new JsonObject { ["result"] = job.Result.DeepClone() }, job.Owner));
        }
        if (job.Error is not null)
        {
            await PublishAsync(new JobEvent(job.Id, JobEventTypes.Error, (JsonObject)JsonSerializer.SerializeToNode(job.Error, ApiJson.Options)!, job.Owner));
        }
        await PublishAsync(new JobEvent(job.Id, JobEventTypes.Done, new JsonObject { ["status"] = job.Status }, job.Owner));
    }
}
