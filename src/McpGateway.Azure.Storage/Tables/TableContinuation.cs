using Azure;
using Azure.Core;

namespace McpGateway.Azure.Storage.Tables;

/// <summary>
/// A query continuation token is <c>"{NextPartitionKey} {NextRowKey}"</c> (the service's opaque markers, which contain no
/// spaces); the row key part may be missing.
/// </summary>
internal static class TableContinuation
{
    private const string NextPartitionKeyHeader = "x-ms-continuation-NextPartitionKey";
    private const string NextRowKeyHeader = "x-ms-continuation-NextRowKey";

    public static string? FromResponse(Response response)
    {
        if (!response.Headers.TryGetValue(NextPartitionKeyHeader, out string? nextPk) || string.IsNullOrEmpty(nextPk))
        {
            return null;
        }

        return response.Headers.TryGetValue(NextRowKeyHeader, out string? nextRk) && !string.IsNullOrEmpty(nextRk)
            ? nextPk + " " + nextRk
            : nextPk;
    }

    public static void Apply(RequestUriBuilder uri, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return;
        }

        string[] parts = token.Split(' ', 2);
        uri.AppendQuery("NextPartitionKey", parts[0], escapeValue: true);
        if (parts.Length > 1)
        {
            uri.AppendQuery("NextRowKey", parts[1], escapeValue: true);
        }
    }
}
