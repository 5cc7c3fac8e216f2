using Azure;

namespace McpGateway.Azure.Storage.Tables;

/// <summary>The outcome of one successful transaction operation: its HTTP status and the entity's new ETag (none for Delete).</summary>
public readonly record struct TableTransactionResult(int Status, ETag ETag);
