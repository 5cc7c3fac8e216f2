namespace McpGateway.Azure.Storage.Queues;

/// <summary>
/// A received message. Keep <see cref="MessageId"/> and <see cref="PopReceipt"/> to delete or update it; the pop receipt
/// becomes invalid once the message is updated (use the receipt returned by the update) or re-delivered.
/// </summary>
/// <param name="MessageText">The text decoded per <see cref="QueueClientOptions.MessageEncoding"/>; if a Base64 client receives
/// text that is not valid Base64 UTF-8, this is the raw text.</param>
/// <param name="RawMessageText">The <c>MessageText</c> exactly as stored by the service.</param>
public sealed record QueueMessage(
    string MessageId,
    string PopReceipt,
    long DequeueCount,
    DateTimeOffset InsertedOn,
    DateTimeOffset ExpiresOn,
    DateTimeOffset NextVisibleOn,
    string MessageText,
    string RawMessageText);
