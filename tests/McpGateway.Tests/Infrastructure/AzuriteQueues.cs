using Azure.Storage.Queues;

namespace McpGateway.Tests.Infrastructure;

/// <summary>Queue clients on the shared Azurite, Base64 like the gateway's (what Functions queue triggers read).</summary>
public static class AzuriteQueues
{
    public static QueueServiceClient Service(AzuriteFixture azurite, QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
        => new(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = encoding });

    public static QueueClient Client(AzuriteFixture azurite, string queue, QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
        => Service(azurite, encoding).GetQueueClient(queue);
}
