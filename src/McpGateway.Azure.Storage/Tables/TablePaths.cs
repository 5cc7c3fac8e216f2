namespace McpGateway.Azure.Storage.Tables;

/// <summary>Builds entity addresses: <c>table(PartitionKey='…',RowKey='…')</c> with quotes doubled, then percent-encoded.</summary>
internal static class TablePaths
{
    public static string Entity(string table, string partitionKey, string rowKey) =>
        $"{table}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));
}
