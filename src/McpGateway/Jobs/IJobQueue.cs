namespace McpGateway.Jobs;

/// <summary>
/// A durable at-least-once queue with Azure Queue Storage semantics: a received message is invisible for a
/// visibility timeout, comes back if not deleted, counts its dequeues, and moves to a poison queue when told to.
/// SQLite standalone, Azure Queue Storage in the cloud; one contract test suite.
/// </summary>
public interface IJobQueue
{
    Task InitializeAsync(CancellationToken cancellationToken = default);

    Task EnqueueAsync(string text, TimeSpan? delay = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<QueueLease>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Deletes a received message; false when the lease is no longer valid (it expired and the message was received again).</summary>
    Task<bool> DeleteAsync(QueueLease lease, CancellationToken cancellationToken = default);

    /// <summary>Keeps a received message invisible for another <paramref name="visibilityTimeout"/>; null when the lease is no longer valid.</summary>
    Task<QueueLease?> ExtendAsync(QueueLease lease, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Moves a received message to the poison queue (<c>&lt;queue&gt;-poison</c>).</summary>
    Task MoveToPoisonAsync(QueueLease lease, CancellationToken cancellationToken = default);

    Task<int> CountAsync(bool poison = false, CancellationToken cancellationToken = default);
}

/// <summary>A received message and the receipt that proves this receiver still holds it.</summary>
public sealed record QueueLease(string MessageId, string PopReceipt, int DequeueCount, string Text);
