using Microsoft.AspNetCore.SignalR;

namespace McpGateway.Streaming;

/// <summary>Group membership on the in-process hub.</summary>
public sealed class HubJobSubscriptions(IHubContext<ProgressHub> hub) : IJobSubscriptions
{
    public Task AddAsync(string connectionId, string jobId, CancellationToken cancellationToken)
        => hub.Groups.AddToGroupAsync(connectionId, StreamingNames.JobGroup(jobId), cancellationToken);

    public Task RemoveAsync(string connectionId, string jobId, CancellationToken cancellationToken)
        => hub.Groups.RemoveFromGroupAsync(connectionId, StreamingNames.JobGroup(jobId), cancellationToken);
}
