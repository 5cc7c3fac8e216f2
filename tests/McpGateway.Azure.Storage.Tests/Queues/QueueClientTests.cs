using System.Text;
using Azure;
using McpGateway.Azure.Storage.Queues;
using McpGateway.Azure.Storage.Tests.Azurite;

namespace McpGateway.Azure.Storage.Tests.Queues;

[Collection(AzuriteCollection.Name)]
public sealed class QueueClientTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    private async Task<QueueClient> NewQueueAsync(QueueClientOptions? options = null)
    {
        QueueClient queue = StorageAccount.FromConnectionString(azurite.ConnectionString).GetQueueClient(Names.Queue(), options);
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    [Fact]
    public async Task Send_receive_delete_round_trip()
    {
        QueueClient queue = await NewQueueAsync();
        await queue.CreateIfNotExistsAsync(); // idempotent
        string text = "{\"job\":\"é ✓ <x> & 'q'\"}";
        SendReceipt sent = (await queue.SendMessageAsync(text)).Value;
        Assert.False(string.IsNullOrEmpty(sent.MessageId));
        Assert.True(sent.ExpiresOn > sent.InsertedOn);

        QueueMessage received = Assert.Single((await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromSeconds(30))).Value);
        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal(text, received.MessageText);
        Assert.Equal(1, received.DequeueCount);
        Assert.True(received.NextVisibleOn > DateTimeOffset.UtcNow);
        Assert.True(received.ExpiresOn > received.InsertedOn);

        // Invisible while held.
        Assert.Empty((await queue.ReceiveMessagesAsync()).Value);

        Assert.Equal(204, (await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt)).Status);
        Assert.Equal(0, (await queue.GetApproximateMessageCountAsync()).Value);
        await queue.DeleteAsync();
    }

    [Fact]
    public async Task Text_is_base64_on_the_wire_by_default_and_plain_when_asked()
    {
        QueueClient queue = await NewQueueAsync();
        await queue.SendMessageAsync("hello functions");
        PeekedMessage peeked = Assert.Single((await queue.PeekMessagesAsync()).Value);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("hello functions")), peeked.RawMessageText);
        Assert.Equal("hello functions", peeked.MessageText);

        // The same queue read without decoding shows the base64 text a Functions queue trigger would decode.
        QueueClient plain = StorageAccount.FromConnectionString(azurite.ConnectionString)
            .GetQueueClient(queue.Name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        Assert.Equal("aGVsbG8gZnVuY3Rpb25z", Assert.Single((await plain.PeekMessagesAsync()).Value).MessageText);

        await plain.ClearMessagesAsync();
        await plain.SendMessageAsync("<b>plain & escaped</b>");
        PeekedMessage raw = Assert.Single((await plain.PeekMessagesAsync()).Value);
        Assert.Equal("<b>plain & escaped</b>", raw.RawMessageText);
        await queue.DeleteAsync();
    }

    [Fact]
    public async Task Visibility_delay_hides_a_new_message_until_it_passes()
    {
        QueueClient queue = await NewQueueAsync();
        await queue.SendMessageAsync("later", visibilityTimeout: OneSecond);
        Assert.Empty((await queue.ReceiveMessagesAsync()).Value);
        Assert.Empty((await queue.PeekMessagesAsync()).Value);
        Assert.Equal(1, (await queue.GetApproximateMessageCountAsync()).Value);

        await Task.Delay(TimeSpan.FromMilliseconds(1600));
        Assert.Equal("later", Assert.Single((await queue.ReceiveMessagesAsync()).Value).MessageText);
        await queue.DeleteAsync();
    }

    [Fact]
    public async Task Time_to_live_expires_messages()
    {
        QueueClient queue = await NewQueueAsync();
        await queue.SendMessageAsync("short-lived", timeToLive: OneSecond);
        SendReceipt forever = (await queue.SendMessageAsync("forever", timeToLive: Timeout.InfiniteTimeSpan)).Value;
        Assert.True(forever.ExpiresOn > DateTimeOffset.UtcNow.AddYears(100));

        await Task.Delay(TimeSpan.FromMilliseconds(2100));
        PeekedMessage left = Assert.Single((await queue.PeekMessagesAsync(32)).Value);
        Assert.Equal("forever", left.MessageText);
        await queue.DeleteAsync();
    }

    [Fact]
    public async Task Expired_visibility_timeout_redelivers_with_a_higher_dequeue_count()
    {
        QueueClient queue = await NewQueueAsync();
        await queue.SendMessageAsync("retry me");
        QueueMessage first = Assert.Single((await queue.ReceiveMessagesAsync(visibilityTimeout: OneSecond)).Value);
        Assert.Equal(1, first.DequeueCount);

        await Task.Delay(TimeSpan.FromMilliseconds(1600));
        QueueMessage second = Assert.Single((await queue.ReceiveMessagesAsync(visibilityTimeout: OneSecond)).Value);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(2, second.DequeueCount);
        Assert.NotEqual(first.PopReceipt, second.PopReceipt);

        // The first delivery's receipt no longer works.
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(first.MessageId, first.PopReceipt));
        Assert.True(stale.IsPopReceiptInvalid(), $"{stale.Status} {stale.ErrorCode}");
        await queue.DeleteMessageAsync(second.MessageId, second.PopReceipt);
        await queue.DeleteAsync();
    }

    [Fact]
    public async Task Update_extends_visibility_changes_text_and_invalidates_the_old_receipt()
    {
        QueueClient queue = await NewQueueAsync();
        await queue.SendMessageAsync("v1");
        QueueMessage received = Assert.Single((await queue.ReceiveMessagesAsync(visibilityTimeout: OneSecond)).Value);

        UpdateReceipt updated = (await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.FromSeconds(30), "v2")).Value;
        Assert.NotEqual(received.PopReceipt, updated.PopReceipt);
        Assert.True(updated.NextVisibleOn > DateTimeOffset.UtcNow.AddSeconds(20));

        // Still hidden after the original 1 s would have passed.
        await Task.Delay(TimeSpan.FromMilliseconds(1300));
        Assert.Empty((await queue.ReceiveMessagesAsync()).Value);

        var old = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(received.MessageId, received.PopReceipt));
        Assert.True(old.Status is 400 or 404, $"status {old.Status}");
        Assert.True(old.IsPopReceiptInvalid(), $"{old.Status} {old.ErrorCode}");
        Assert.False(string.IsNullOrEmpty(old.ErrorCode));

        // Visibility 0 makes it available now, with the new text.
        UpdateReceipt now = (await queue.UpdateMessageAsync(received.MessageId, updated.PopReceipt, TimeSpan.Zero)).Value;
        QueueMessage again = Assert.Single((await queue.ReceiveMessagesAsync()).Value);
        Assert.Equal("v2", again.MessageText);
        Assert.Equal(2, again.DequeueCount);
        Assert.NotEqual(now.PopReceipt, again.PopReceipt);
        await queue.DeleteAsync();
    }

    [Fact]
    public async Task Peek_count_and_clear()
    {
        QueueClient queue = await NewQueueAsync();
        for (int i = 0; i < 5; i++)
        {
            await queue.SendMessageAsync($"m{i}");
        }

        IReadOnlyList<PeekedMessage> peeked = (await queue.PeekMessagesAsync(3)).Value;
        Assert.Equal(["m0", "m1", "m2"], peeked.Select(p => p.MessageText));
        Assert.All(peeked, p => Assert.Equal(0, p.DequeueCount));
        Assert.Equal(5, (await queue.GetApproximateMessageCountAsync()).Value);

        IReadOnlyList<QueueMessage> received = (await queue.ReceiveMessagesAsync(32)).Value;
        Assert.Equal(5, received.Count);
        Assert.Equal(5, (await queue.GetApproximateMessageCountAsync()).Value); // invisible messages still count

        await queue.ClearMessagesAsync();
        Assert.Equal(0, (await queue.GetApproximateMessageCountAsync()).Value);
        await queue.DeleteAsync();
    }

    [Fact]
    public async Task Poison_helper_moves_a_message_after_too_many_dequeues()
    {
        QueueClient queue = await NewQueueAsync();
        await queue.SendMessageAsync("always fails");
        const int maxDequeueCount = 3;
        QueueMessage? message = null;
        for (int attempt = 1; attempt <= maxDequeueCount; attempt++)
        {
            message = Assert.Single((await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(30))).Value);
            Assert.Equal(attempt, message.DequeueCount);
            Assert.False(await queue.MoveToPoisonIfExceededAsync(message, maxDequeueCount));
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, TimeSpan.Zero); // "handler failed": release now
        }

        message = Assert.Single((await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(30))).Value);
        Assert.Equal(maxDequeueCount + 1, message.DequeueCount);
        Assert.True(await queue.MoveToPoisonIfExceededAsync(message, maxDequeueCount));

        Assert.Equal(0, (await queue.GetApproximateMessageCountAsync()).Value);
        QueueClient poison = queue.GetPoisonQueueClient();
        Assert.Equal(queue.Name + "-poison", poison.Name);
        PeekedMessage moved = Assert.Single((await poison.PeekMessagesAsync()).Value);
        Assert.Equal("always fails", moved.MessageText);
        Assert.Equal(message.RawMessageText, moved.RawMessageText);
        Assert.Equal(5, QueuePoison.DefaultMaxDequeueCount);
        await poison.DeleteAsync();
        await queue.DeleteAsync();
    }

    [Fact]
    public async Task Argument_ranges_are_checked_locally()
    {
        QueueClient queue = StorageAccount.FromConnectionString(azurite.ConnectionString).GetQueueClient("never-created");
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(33));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(1, TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendMessageAsync("x", TimeSpan.FromDays(8)));
        Assert.Throws<ArgumentException>(() => StorageAccount.FromConnectionString(azurite.ConnectionString).GetQueueClient("Bad_Name"));

        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => queue.SendMessageAsync("x"));
        Assert.Equal(404, missing.Status);
        Assert.Equal("QueueNotFound", missing.ErrorCode);
    }
}
