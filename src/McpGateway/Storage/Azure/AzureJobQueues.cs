using System.Collections.Concurrent;
using Azure.Storage.Queues;
using McpGateway.Jobs;

namespace McpGateway.Storage.Azure;

/// <summary>Queues by name on one storage account (each with its own <c>&lt;name&gt;-poison</c> queue).</summary>
public sealed class AzureJobQueues(QueueServiceClient account) : IJobQueues
{
    private readonly ConcurrentDictionary<string, AzureJobQueue> _queues = new(StringComparer.Ordinal);

    public IJobQueue Get(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _queues.GetOrAdd(name, n => new AzureJobQueue(account, n));
    }
}
