using Azure;

namespace McpGateway.Azure.Storage.Queues;

/// <summary>
/// The Azure Functions poison-queue convention: a message received more than <c>maxDequeueCount</c> times (default 5)
/// is copied, text unchanged, to <c>&lt;queue&gt;-poison</c> and deleted from the original queue.
/// </summary>
/// <example><code>
/// foreach (QueueMessage m in (await queue.ReceiveMessagesAsync(16)).Value)
/// {
///     if (await queue.MoveToPoisonIfExceededAsync(m)) continue;
///     await HandleAsync(m);                                // on failure just leave it: it comes back after the visibility timeout
///     await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
/// }
/// </code></example>
public static class QueuePoison
{
    public const int DefaultMaxDequeueCount = 5;

    /// <summary>Moves <paramref name="message"/> to the poison queue if its dequeue count exceeds <paramref name="maxDequeueCount"/>; returns whether it did.</summary>
    public static async Task<bool> MoveToPoisonIfExceededAsync(this QueueClient queue, QueueMessage message, int maxDequeueCount = DefaultMaxDequeueCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDequeueCount, 1);
        if (message.DequeueCount <= maxDequeueCount)
        {
            return false;
        }

        await queue.MoveToPoisonAsync(message, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Copies the message to <c>&lt;queue&gt;-poison</c> (created if needed) and deletes the original. If the original was
    /// already gone (stale pop receipt) the copy stays; at-least-once, like the Functions host.
    /// </summary>
    public static async Task MoveToPoisonAsync(this QueueClient queue, QueueMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(message);
        QueueClient poison = queue.GetPoisonQueueClient();
        await poison.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await poison.SendRawMessageAsync(message.RawMessageText, null, null, cancellationToken).ConfigureAwait(false);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
    }
}
