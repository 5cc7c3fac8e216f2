using System.Collections.Concurrent;

namespace McpGateway.Jobs;

/// <summary>Jobs running in this process, so a cancellation can stop them at once.</summary>
public sealed class ActiveJobs
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    public int Count => _running.Count;

    public CancellationTokenSource Start(string jobId, CancellationToken stopping)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[jobId] = source;
        return source;
    }

    public void End(string jobId, CancellationTokenSource source)
    {
        _running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(jobId, source));
        source.Dispose();
    }

    public bool Cancel(string jobId)
    {
        if (_running.TryGetValue(jobId, out var source))
        {
            try
            {
                source.Cancel();
                return true;
            }
            catch (ObjectDisposedException)
            {
            }
        }
        return false;
    }
}
