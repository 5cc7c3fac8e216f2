using System.Collections.Concurrent;

namespace McpGateway.Streaming;

/// <summary>
/// Which hub connections subscribed to which job, so an event goes to each connection once even when it is both in the
/// job's group and in the owner's user group.
/// </summary>
public sealed class HubJobMembers
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byJob = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byConnection = new(StringComparer.Ordinal);

    public void Add(string jobId, string connectionId)
    {
        _byJob.GetOrAdd(jobId, _ => new())[connectionId] = 0;
        _byConnection.GetOrAdd(connectionId, _ => new())[jobId] = 0;
    }

    public void Remove(string jobId, string connectionId)
    {
        if (_byJob.TryGetValue(jobId, out var connections))
        {
            connections.TryRemove(connectionId, out _);
            if (connections.IsEmpty)
            {
                _byJob.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, byte>>(jobId, connections));
            }
        }
        if (_byConnection.TryGetValue(connectionId, out var jobs))
        {
            jobs.TryRemove(jobId, out _);
        }
    }

    public void RemoveConnection(string connectionId)
    {
        if (_byConnection.TryRemove(connectionId, out var jobs))
        {
            foreach (var jobId in jobs.Keys)
            {
                Remove(jobId, connectionId);
            }
        }
    }

    public IReadOnlyList<string> Subscribers(string jobId)
        => _byJob.TryGetValue(jobId, out var connections) ? connections.Keys.ToList() : [];
}
