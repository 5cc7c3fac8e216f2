namespace McpGateway.Jobs;

/// <summary>Receives job events to push to clients (SSE subscribers, the SignalR hub, Azure SignalR Service).</summary>
public interface IJobEventSink
{
    ValueTask PublishAsync(JobEvent jobEvent, CancellationToken cancellationToken);
}
