using Azure;

namespace McpGateway.Azure.Storage.Tables;

/// <summary>Follows <c>x-ms-continuation-NextPartitionKey/NextRowKey</c> page after page.</summary>
internal sealed class TableQueryPageable(
    Func<string?, int?, CancellationToken, Task<Page<TableEntity>>> fetchPage,
    int? defaultPageSize,
    CancellationToken cancellationToken) : AsyncPageable<TableEntity>(cancellationToken)
{
    public override async IAsyncEnumerable<Page<TableEntity>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        do
        {
            Page<TableEntity> page = await fetchPage(continuationToken, pageSizeHint ?? defaultPageSize, CancellationToken).ConfigureAwait(false);
            yield return page;
            continuationToken = page.ContinuationToken;
        }
        while (continuationToken is not null);
    }
}
