using Azure.Storage.Queues;
using McpGateway.Jobs;
using McpGateway.Storage.Azure;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Jobs;

/// <summary>The queue contract against Azure Queue Storage (Azurite), plus what only the wire can show.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureJobQueueTests(AzuriteFixture azurite) : JobQueueContractTests
{
    private readonly string _name = "jobs-" + Guid.NewGuid().ToString("N")[..16];

    protected override Task<IJobQueue> CreateQueueAsync() => Task.FromResult<IJobQueue>(new AzureJobQueue(AzuriteQueues.Service(azurite), _name));

    protected override IJobQueues CreateQueues() => new AzureJobQueues(AzuriteQueues.Service(azurite));

    protected override async Task DeleteQueuesAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await AzuriteQueues.Client(azurite, name).DeleteIfExistsAsync();
            await AzuriteQueues.Client(azurite, AzureJobQueue.PoisonQueueName(name)).DeleteIfExistsAsync();
        }
    }

    public override async Task DisposeAsync()
    {
        await Client().DeleteIfExistsAsync();
        await Poison().DeleteIfExistsAsync();
    }

    private QueueClient Client(QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
        => AzuriteQueues.Client(azurite, _name, encoding);

    private QueueClient Poison() => AzuriteQueues.Client(azurite, AzureJobQueue.PoisonQueueName(_name));

    [Fact]
    public async Task Messages_are_base64_on_the_wire_for_the_functions_queue_trigger()
    {
        await Queue.EnqueueAsync("{\"job_id\":\"j1\"}");
        var raw = Assert.Single((await Client(QueueMessageEncoding.None).PeekMessagesAsync()).Value);
        Assert.Equal(Convert.ToBase64String("{\"job_id\":\"j1\"}"u8), raw.Body.ToString());
    }

    [Fact]
    public async Task Poisoned_messages_land_in_the_functions_poison_queue_unchanged()
    {
        await Queue.EnqueueAsync("{\"job_id\":\"bad\"}");
        await Queue.MoveToPoisonAsync(Assert.Single(await Queue.ReceiveAsync(1, TimeSpan.FromSeconds(30))));
        var poisoned = Assert.Single((await Poison().PeekMessagesAsync()).Value);
        Assert.Equal(_name + "-poison", Poison().Name);
        Assert.Equal("{\"job_id\":\"bad\"}", poisoned.Body.ToString());
    }
}
