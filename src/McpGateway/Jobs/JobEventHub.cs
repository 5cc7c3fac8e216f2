using System.Collections.Concurrent;
using System.Threading.Channels;

namespace McpGateway.Jobs;

/// <summary>In-process fan-out of job events to the subscribers of each job (the SSE endpoints of this process).</summary>
public sealed class JobEventHub : IJobEventSink
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<JobEvent>, byte>> _subscribers = new(StringComparer.Ordinal);

    public Subscription Subscribe(string jobId)
    {
        var channel = Channel.CreateBounded<JobEvent>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        _subscribers.GetOrAdd(jobId, _ => new()).TryAdd(channel, 0);
        return new Subscription(this, jobId, channel);
    }

    public ValueTask PublishAsync(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        if (_subscribers.TryGetValue(jobEvent.JobId, out var channels))
        {
            foreach (var channel in channels.Keys)
            {
                channel.Writer.TryWrite(jobEvent);
            }
        }
        return ValueTask.CompletedTask;
    }

    private void Unsubscribe(string jobId, Channel<JobEvent> channel)
    {
        if (_subscribers.TryGetValue(jobId, out var channels))
        {
            channels.TryRemove(channel, out _);
            if (channels.IsEmpty)
            {
                _subscribers.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Channel<JobEvent>, byte>>(jobId, channels));
            }
        }
    }

    public sealed class Subscription(JobEventHub hub, string jobId, Channel<JobEvent> channel) : IDisposable
    {
        public ChannelReader<JobEvent> Reader => channel.Reader;

        public void Dispose() => hub.Unsubscribe(jobId, channel);
    }
}
