namespace McpGateway.Azure.Storage.Queues;

/// <summary>A message seen by peek: no pop receipt, and peeking does not change <see cref="DequeueCount"/>.</summary>
public sealed record PeekedMessage(
    string MessageId,
    long DequeueCount,
    DateTimeOffset InsertedOn,
    DateTimeOffset ExpiresOn,
    string MessageText,
    string RawMessageText);
