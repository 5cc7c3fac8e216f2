using McpGateway.Jobs;

namespace McpGateway.Tests.Jobs;

/// <summary>Queue semantics every <see cref="IJobQueue"/> must have (SQLite, Azure Queue Storage).</summary>
public abstract class JobQueueContractTests : IAsyncLifetime
{
    protected IJobQueue Queue { get; private set; } = null!;

    protected abstract Task<IJobQueue> CreateQueueAsync();

    /// <summary>The queues by name of the same store (names unique to this test).</summary>
    protected abstract IJobQueues CreateQueues();

    public async Task InitializeAsync()
    {
        Queue = await CreateQueueAsync();
        await Queue.InitializeAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_message_is_received_once_until_its_visibility_expires()
    {
        await Queue.EnqueueAsync("{\"job_id\":\"a\"}");
        var first = Assert.Single(await Queue.ReceiveAsync(5, TimeSpan.FromSeconds(30)));
        Assert.Equal("{\"job_id\":\"a\"}", first.Text);
        Assert.Equal(1, first.DequeueCount);
        Assert.Empty(await Queue.ReceiveAsync(5, TimeSpan.FromSeconds(30)));
        Assert.True(await Queue.DeleteAsync(first));
        Assert.Equal(0, await Queue.CountAsync());
    }

    [Fact]
    public async Task An_undeleted_message_comes_back_with_a_higher_dequeue_count_and_the_old_receipt_is_void()
    {
        await Queue.EnqueueAsync("again");
        var first = Assert.Single(await Queue.ReceiveAsync(1, Short));
        await Task.Delay(Short + TimeSpan.FromMilliseconds(300));
        var second = Assert.Single(await Queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(2, second.DequeueCount);
        Assert.False(await Queue.DeleteAsync(first));
        Assert.True(await Queue.DeleteAsync(second));
    }

    [Fact]
    public async Task A_delayed_message_is_invisible_until_its_delay_passes()
    {
        await Queue.EnqueueAsync("later", TimeSpan.FromSeconds(1));
        Assert.Empty(await Queue.ReceiveAsync(1, Short));
        await Task.Delay(TimeSpan.FromMilliseconds(1400));
        Assert.Single(await Queue.ReceiveAsync(1, Short));
    }

    [Fact]
    public async Task Extending_keeps_a_message_invisible_and_issues_a_new_receipt()
    {
        await Queue.EnqueueAsync("long job");
        var lease = Assert.Single(await Queue.ReceiveAsync(1, Short));
        var extended = await Queue.ExtendAsync(lease, TimeSpan.FromSeconds(30));
        Assert.NotNull(extended);
        Assert.NotEqual(lease.PopReceipt, extended!.PopReceipt);
        await Task.Delay(Short + TimeSpan.FromMilliseconds(300));
        Assert.Empty(await Queue.ReceiveAsync(1, Short));
        Assert.Null(await Queue.ExtendAsync(lease, Short));
        Assert.True(await Queue.DeleteAsync(extended));
    }

    [Fact]
    public async Task Poisoned_messages_move_to_the_poison_queue()
    {
        await Queue.EnqueueAsync("bad");
        var lease = Assert.Single(await Queue.ReceiveAsync(1, Short));
        await Queue.MoveToPoisonAsync(lease);
        Assert.Equal(0, await Queue.CountAsync());
        Assert.Equal(1, await Queue.CountAsync(poison: true));
        Assert.Empty(await Queue.ReceiveAsync(1, Short));
    }

    [Fact]
    public async Task Receive_returns_at_most_the_requested_count_in_order()
    {
        for (var i = 0; i < 5; i++)
        {
            await Queue.EnqueueAsync($"m{i}");
        }
        var batch = await Queue.ReceiveAsync(3, TimeSpan.FromSeconds(30));
        Assert.Equal(["m0", "m1", "m2"], batch.Select(l => l.Text));
        var rest = await Queue.ReceiveAsync(32, TimeSpan.FromSeconds(30));
        Assert.Equal(["m3", "m4"], rest.Select(l => l.Text));
    }

    [Fact]
    public async Task Concurrent_receivers_never_get_the_same_message()
    {
        for (var i = 0; i < 40; i++)
        {
            await Queue.EnqueueAsync($"c{i}");
        }
        var received = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Queue.ReceiveAsync(10, TimeSpan.FromSeconds(30))));
        var ids = received.SelectMany(r => r).Select(l => l.MessageId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(40, ids.Count);
    }

    [Fact]
    public async Task Named_queues_hold_their_own_messages_and_the_same_name_is_the_same_queue()
    {
        var queues = CreateQueues();
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var main = queues.Get("main-" + suffix);
        var stdio = queues.Get("stdio-" + suffix);
        await main.InitializeAsync();
        await stdio.InitializeAsync();
        try
        {
            await main.EnqueueAsync("for main");
            await stdio.EnqueueAsync("for stdio");
            Assert.Equal(1, await main.CountAsync());
            Assert.Equal(1, await stdio.CountAsync());

            var fromStdio = Assert.Single(await queues.Get("stdio-" + suffix).ReceiveAsync(32, TimeSpan.FromSeconds(30)));
            Assert.Equal("for stdio", fromStdio.Text);
            await queues.Get("stdio-" + suffix).MoveToPoisonAsync(fromStdio);
            Assert.Equal(1, await stdio.CountAsync(poison: true));
            Assert.Equal(0, await main.CountAsync(poison: true));

            var fromMain = Assert.Single(await main.ReceiveAsync(32, TimeSpan.FromSeconds(30)));
            Assert.Equal("for main", fromMain.Text);
            Assert.True(await main.DeleteAsync(fromMain));
            Assert.Equal(0, await main.CountAsync());
            Assert.Equal(0, await stdio.CountAsync());
        }
        finally
        {
            await DeleteQueuesAsync("main-" + suffix, "stdio-" + suffix);
        }
    }

    protected virtual Task DeleteQueuesAsync(params string[] names) => Task.CompletedTask;
}
