using Azure;

namespace McpGateway.Azure.Storage.Tables;

/// <summary>
/// One operation in <see cref="TableClient.SubmitTransactionAsync"/>. <paramref name="ETag"/> is the If-Match value for
/// Update and Delete (default = <c>*</c>, unconditional); it is ignored for Add and Upsert.
/// </summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);
