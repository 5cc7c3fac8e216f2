using McpGateway.Jobs;

namespace McpGateway.Tests.Streaming;

/// <summary>Records every job event the gateway publishes, in publishing order, to compare with what clients received.</summary>
public sealed class RecordingJobEventSink : IJobEventSink
{
    private readonly List<JobEvent> _events = [];

    public IReadOnlyList<JobEvent> For(string jobId)
    {
        lock (_events)
        {
            return _events.Where(e => e.JobId == jobId).ToList();
        }
    }

    public ValueTask PublishAsync(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            _events.Add(jobEvent);
        }
        return ValueTask.CompletedTask;
    }
}
