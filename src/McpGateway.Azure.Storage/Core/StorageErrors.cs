using Azure;

namespace McpGateway.Azure.Storage;

/// <summary>
/// Helpers to classify a <see cref="RequestFailedException"/> thrown by the storage clients.
/// Every failed call throws <see cref="RequestFailedException"/> with <c>Status</c> and the service's <c>ErrorCode</c>.
/// </summary>
public static class StorageErrors
{
    /// <summary>Table: the If-Match ETag did not match (HTTP 412).</summary>
    public const string UpdateConditionNotSatisfied = "UpdateConditionNotSatisfied";

    /// <summary>Table: an insert hit an existing entity (HTTP 409).</summary>
    public const string EntityAlreadyExists = "EntityAlreadyExists";

    /// <summary>Table/Queue: the addressed resource does not exist (HTTP 404).</summary>
    public const string ResourceNotFound = "ResourceNotFound";

    /// <summary>Queue: the message id / pop receipt pair is not valid any more (HTTP 404).</summary>
    public const string MessageNotFound = "MessageNotFound";

    /// <summary>Queue: the pop receipt does not match the message (HTTP 400).</summary>
    public const string PopReceiptMismatch = "PopReceiptMismatch";

    /// <summary>True for an optimistic-concurrency failure: HTTP 412 (ETag mismatch).</summary>
    public static bool IsConditionFailed(this RequestFailedException exception) => exception.Status == 412;

    /// <summary>True for HTTP 409 (for example <c>EntityAlreadyExists</c>).</summary>
    public static bool IsConflict(this RequestFailedException exception) => exception.Status == 409;

    /// <summary>True for HTTP 404.</summary>
    public static bool IsNotFound(this RequestFailedException exception) => exception.Status == 404;

    /// <summary>
    /// True when a queue message operation failed because the pop receipt is stale or the message is gone
    /// (404 <c>MessageNotFound</c> or 400 <c>PopReceiptMismatch</c>).
    /// </summary>
    public static bool IsPopReceiptInvalid(this RequestFailedException exception) =>
        exception.Status == 404 || exception.ErrorCode == PopReceiptMismatch;
}
