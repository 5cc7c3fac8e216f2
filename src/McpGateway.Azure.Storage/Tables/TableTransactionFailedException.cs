using Azure;

namespace McpGateway.Azure.Storage.Tables;

/// <summary>
/// An entity-group transaction was rejected; nothing in it was applied. <see cref="RequestFailedException.Status"/> and
/// <see cref="RequestFailedException.ErrorCode"/> are those of the failing operation, whose position in the submitted list is
/// <see cref="FailedActionIndex"/> (null when the service did not say).
/// </summary>
public sealed class TableTransactionFailedException : RequestFailedException
{
    public TableTransactionFailedException(int status, string message, string? errorCode, int? failedActionIndex)
        : base(status, message, errorCode, null)
    {
        FailedActionIndex = failedActionIndex;
    }

    public int? FailedActionIndex { get; }
}
