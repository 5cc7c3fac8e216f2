namespace McpGateway.Streaming;

/// <summary>Adds a SignalR connection to a job's group from the server side (needed in serverless mode, where clients cannot call hub methods).</summary>
public interface IJobSubscriptions
{
    Task AddAsync(string connectionId, string jobId, CancellationToken cancellationToken);

    Task RemoveAsync(string connectionId, string jobId, CancellationToken cancellationToken);
}
