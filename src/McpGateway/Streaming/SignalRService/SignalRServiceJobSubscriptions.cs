namespace McpGateway.Streaming.SignalRService;

/// <summary>Group membership through the REST API (serverless clients cannot call hub methods themselves).</summary>
public sealed class SignalRServiceJobSubscriptions(SignalRServiceClient client) : IJobSubscriptions
{
    public Task AddAsync(string connectionId, string jobId, CancellationToken cancellationToken)
        => client.AddConnectionToGroupAsync(StreamingNames.HubName, StreamingNames.JobGroup(jobId), connectionId, cancellationToken);

    public Task RemoveAsync(string connectionId, string jobId, CancellationToken cancellationToken)
        => client.RemoveConnectionFromGroupAsync(StreamingNames.HubName, StreamingNames.JobGroup(jobId), connectionId, cancellationToken);
}
