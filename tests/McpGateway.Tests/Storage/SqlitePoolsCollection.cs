namespace McpGateway.Tests.Storage;

/// <summary>
/// Tests that clear Microsoft.Data.Sqlite's process-wide connection pools (to delete or read a database file) or that
/// observe them run one after another, so one cannot close the pooled connections another is looking at.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SqlitePoolsCollection
{
    public const string Name = "SQLite connection pools";
}
