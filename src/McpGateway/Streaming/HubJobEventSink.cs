using McpGateway.Jobs;
using Microsoft.AspNetCore.SignalR;

namespace McpGateway.Streaming;

/// <summary>
/// Pushes job events to the in-process hub: the job's group, and the owner's user group except the connections that
/// already got it through the job's group (each connection receives each event once).
/// </summary>
public sealed class HubJobEventSink(IHubContext<ProgressHub> hub, HubJobMembers members) : IJobEventSink
{
    public async ValueTask PublishAsync(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        var message = JobEventMessage.From(jobEvent);
        await hub.Clients.Group(StreamingNames.JobGroup(jobEvent.JobId))
            .SendAsync(StreamingNames.JobEventMethod, message, cancellationToken).ConfigureAwait(false);
        if (jobEvent.Owner is { Length: > 0 } owner)
        {
            await hub.Clients.GroupExcept(StreamingNames.UserGroup(owner), members.Subscribers(jobEvent.JobId))
                .SendAsync(StreamingNames.JobEventMethod, message, cancellationToken).ConfigureAwait(false);
        }
    }
}
