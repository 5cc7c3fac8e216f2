using System.Collections.Concurrent;
using McpGateway.Azure.Storage;
using McpGateway.Azure.Storage.Queues;
using McpGateway.Jobs;

namespace McpGateway.Storage.Azure;

/// <summary>Queues by name on one storage account (each with its own <c>&lt;name&gt;-poison</c> queue).</summary>
public sealed class AzureJobQueues(StorageAccount account, QueueClientOptions? options = null) : IJobQueues
{
    private readonly ConcurrentDictionary<string, AzureJobQueue> _queues = new(StringComparer.Ordinal);

    public IJobQueue Get(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _queues.GetOrAdd(name, n => new AzureJobQueue(account.GetQueueClient(n, options ?? new QueueClientOptions())));
    }
}
