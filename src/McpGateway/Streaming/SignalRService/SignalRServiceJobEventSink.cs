using System.Threading.Channels;
using McpGateway.Jobs;

namespace McpGateway.Streaming.SignalRService;

/// <summary>
/// Pushes job events through the Azure SignalR Service REST API: to the group <c>job:{id}</c> and to the owner (a user id
/// from the negotiate token). Publishing only queues, so REST latency never slows a job; a few lanes send in parallel,
/// and every event of a job goes through the same lane, so a job's events arrive in order.
/// </summary>
public sealed class SignalRServiceJobEventSink(SignalRServiceClient client, ILogger<SignalRServiceJobEventSink> logger)
    : BackgroundService, IJobEventSink
{
    private const int Lanes = 4;
    private readonly Channel<JobEvent>[] _lanes = Enumerable.Range(0, Lanes)
        .Select(_ => Channel.CreateUnbounded<JobEvent>(new UnboundedChannelOptions { SingleReader = true }))
        .ToArray();

    public ValueTask PublishAsync(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        var lane = (int)((uint)StringComparer.Ordinal.GetHashCode(jobEvent.JobId) % Lanes);
        _lanes[lane].Writer.TryWrite(jobEvent);
        return ValueTask.CompletedTask;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => Task.WhenAll(_lanes.Select(lane => DrainAsync(lane.Reader, stoppingToken)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Events already queued (a job's last 'done') are still sent while the host allows.
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task DrainAsync(ChannelReader<JobEvent> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var jobEvent in reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await SendAsync(jobEvent, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        var message = JobEventMessage.From(jobEvent);
        try
        {
            await client.SendToGroupAsync(StreamingNames.HubName, StreamingNames.JobGroup(jobEvent.JobId), StreamingNames.JobEventMethod, message, cancellationToken)
                .ConfigureAwait(false);
            if (jobEvent.Owner is { Length: > 0 } owner)
            {
                await client.SendToUserAsync(StreamingNames.HubName, owner, StreamingNames.JobEventMethod, message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Azure SignalR Service did not take the {Type} event of job {JobId}.", jobEvent.Type, jobEvent.JobId);
        }
    }
}
