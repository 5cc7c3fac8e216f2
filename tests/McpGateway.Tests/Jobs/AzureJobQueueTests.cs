using McpGateway.Azure.Storage;
using McpGateway.Azure.Storage.Queues;
using McpGateway.Azure.Storage.Tests.Azurite;
using McpGateway.Jobs;
using McpGateway.Storage.Azure;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Jobs;

/// <summary>The queue contract against Azure Queue Storage (Azurite), plus what only the wire can show.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureJobQueueTests(AzuriteFixture azurite) : JobQueueContractTests
{
    private readonly string _name = "jobs-" + Guid.NewGuid().ToString("N")[..16];

    protected override Task<IJobQueue> CreateQueueAsync() => Task.FromResult<IJobQueue>(new AzureJobQueue(Client()));

    protected override IJobQueues CreateQueues() => new AzureJobQueues(StorageAccount.FromConnectionString(azurite.ConnectionString));

    protected override async Task DeleteQueuesAsync(params string[] names)
    {
        foreach (var name in names)
        {
            var queue = StorageAccount.FromConnectionString(azurite.ConnectionString).GetQueueClient(name);
            await queue.DeleteAsync();
            await queue.GetPoisonQueueClient().DeleteAsync();
        }
    }

    public override async Task DisposeAsync()
    {
        await Client().DeleteAsync();
        await Client().GetPoisonQueueClient().DeleteAsync();
    }

    private QueueClient Client(QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
        => StorageAccount.FromConnectionString(azurite.ConnectionString).GetQueueClient(_name, new QueueClientOptions { MessageEncoding = encoding });

    [Fact]
    public async Task Messages_are_base64_on_the_wire_for_the_functions_queue_trigger()
    {
        await Queue.EnqueueAsync("{\"job_id\":\"j1\"}");
        var raw = Assert.Single((await Client(QueueMessageEncoding.None).PeekMessagesAsync()).Value);
        Assert.Equal(Convert.ToBase64String("{\"job_id\":\"j1\"}"u8), raw.RawMessageText);
    }

    [Fact]
    public async Task Poisoned_messages_land_in_the_functions_poison_queue_unchanged()
    {
        await Queue.EnqueueAsync("{\"job_id\":\"bad\"}");
        await Queue.MoveToPoisonAsync(Assert.Single(await Queue.ReceiveAsync(1, TimeSpan.FromSeconds(30))));
        var poisoned = Assert.Single((await Client().GetPoisonQueueClient().PeekMessagesAsync()).Value);
        Assert.Equal(_name + "-poison", Client().GetPoisonQueueClient().Name);
        Assert.Equal("{\"job_id\":\"bad\"}", poisoned.MessageText);
    }
}
