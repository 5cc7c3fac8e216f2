using Azure;
using Azure.Storage.Queues;
using McpGateway.Jobs;

namespace McpGateway.Storage.Azure;

/// <summary>
/// The job queue on Azure Queue Storage (Azure.Storage.Queues). Message text is Base64 (the clients are created with
/// <see cref="QueueMessageEncoding.Base64"/>), which is what the Azure Functions queue trigger reads; poisoned messages
/// go to <c>&lt;queue&gt;-poison</c>, the Functions convention. A lease's pop receipt is the service's; extending a lease
/// is an Update Message that returns a new one.
/// </summary>
public sealed class AzureJobQueue(QueueClient queue, QueueClient poisonQueue) : IJobQueue
{
    /// <summary>Queue Storage hands out at most 32 messages per receive.</summary>
    public const int MaxMessagesPerReceive = 32;

    /// <summary>A time-to-live of -1 second: the message never expires.</summary>
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    /// <summary>The queue and its <c>&lt;name&gt;-poison</c> queue on the same account.</summary>
    public AzureJobQueue(QueueServiceClient account, string name)
        : this(account.GetQueueClient(name), account.GetQueueClient(PoisonQueueName(name)))
    {
    }

    public string QueueName => queue.Name;

    public static string PoisonQueueName(string name) => name + "-poison";

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Messages never expire (the default time-to-live is 7 days): a job waits as long as its record does.</summary>
    public async Task EnqueueAsync(string text, TimeSpan? delay = null, CancellationToken cancellationToken = default)
        => await queue.SendMessageAsync(text, delay, NeverExpires, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<QueueLease>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        var messages = await queue.ReceiveMessagesAsync(Math.Min(maxMessages, MaxMessagesPerReceive), visibilityTimeout, cancellationToken).ConfigureAwait(false);
        return messages.Value.Select(m => new QueueLease(m.MessageId, m.PopReceipt, (int)Math.Min(m.DequeueCount, int.MaxValue), m.Body.ToString())).ToList();
    }

    public async Task<bool> DeleteAsync(QueueLease lease, CancellationToken cancellationToken = default)
    {
        try
        {
            await queue.DeleteMessageAsync(lease.MessageId, lease.PopReceipt, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (IsLeaseLost(e))
        {
            return false;
        }
    }

    public async Task<QueueLease?> ExtendAsync(QueueLease lease, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        try
        {
            var receipt = await queue.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, visibilityTimeout: visibilityTimeout, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return lease with { PopReceipt = receipt.Value.PopReceipt };
        }
        catch (RequestFailedException e) when (IsLeaseLost(e))
        {
            return null;
        }
    }

    /// <summary>Copies the text to the poison queue, then deletes the original; if the lease was lost meanwhile the copy stays (at least once, like the Functions host).</summary>
    public async Task MoveToPoisonAsync(QueueLease lease, CancellationToken cancellationToken = default)
    {
        await poisonQueue.SendMessageAsync(lease.Text, timeToLive: NeverExpires, cancellationToken: cancellationToken).ConfigureAwait(false);
        await DeleteAsync(lease, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The service's approximate count (visible and invisible messages).</summary>
    public async Task<int> CountAsync(bool poison = false, CancellationToken cancellationToken = default)
        => (await (poison ? poisonQueue : queue).GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;

    /// <summary>The message is gone (404) or was received again by someone else (400 <c>PopReceiptMismatch</c>).</summary>
    private static bool IsLeaseLost(RequestFailedException e) => e.Status == 404 || e.ErrorCode == "PopReceiptMismatch";
}
