using McpGateway.Jobs;
using Microsoft.AspNetCore.SignalR;

namespace McpGateway.Streaming;

/// <summary>
/// <c>/hubs/progress</c>: clients call <c>SubscribeJob(jobId)</c> / <c>UnsubscribeJob(jobId)</c> and receive
/// <c>jobEvent({jobId, type, data})</c>. An authenticated caller is also in the group <c>user:{principal id}</c>, which gets
/// the events of every job it owns.
/// </summary>
public sealed class ProgressHub(JobSubscriptionGuard guard, StreamingStats stats, HubJobMembers members) : Hub
{
    public override async Task OnConnectedAsync()
    {
        stats.HubConnected();
        if (User() is { } user)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, StreamingNames.UserGroup(user), Context.ConnectionAborted);
        }
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        stats.HubDisconnected();
        members.RemoveConnection(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public async Task SubscribeJob(string jobId)
    {
        var job = await guard.FindAsync(jobId, Context.User, Context.ConnectionAborted);
        if (job is null)
        {
            throw new HubException($"No job '{jobId}'.");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, StreamingNames.JobGroup(job.Id), Context.ConnectionAborted);
        members.Add(job.Id, Context.ConnectionId);
    }

    public Task UnsubscribeJob(string jobId)
    {
        members.Remove(jobId, Context.ConnectionId);
        return Groups.RemoveFromGroupAsync(Context.ConnectionId, StreamingNames.JobGroup(jobId), Context.ConnectionAborted);
    }

    private string? User() => Context.User is { } user ? Security.OwnerAccess.OwnerOf(user) : null;
}
