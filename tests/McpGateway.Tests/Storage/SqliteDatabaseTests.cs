using McpGateway.Storage.Sqlite;

namespace McpGateway.Tests.Storage;

[Collection(SqlitePoolsCollection.Name)]
public sealed class SqliteDatabaseTests
{
    [Fact]
    public async Task Disposing_the_database_closes_the_pooled_handles_on_its_file()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(directory, "gateway.db");
        try
        {
            var database = new SqliteDatabase(path);
            await using (var connection = await database.OpenAsync(CancellationToken.None))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE t (x INTEGER)";
                await command.ExecuteNonQueryAsync();
            }
            Assert.NotEmpty(OpenHandlesOn(directory)); // returned to the pool, still open

            database.Dispose();

            Assert.Empty(OpenHandlesOn(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static List<string> OpenHandlesOn(string directory)
    {
        var handles = new List<string>();
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith(directory, StringComparison.Ordinal))
                {
                    handles.Add(target);
                }
            }
            catch (IOException)
            {
                // the descriptor closed while we looked
            }
        }
        return handles;
    }
}
