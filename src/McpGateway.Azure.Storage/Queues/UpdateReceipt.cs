namespace McpGateway.Azure.Storage.Queues;

/// <summary>The new pop receipt (the old one is now invalid) and when the message becomes visible again.</summary>
public sealed record UpdateReceipt(string PopReceipt, DateTimeOffset NextVisibleOn);
