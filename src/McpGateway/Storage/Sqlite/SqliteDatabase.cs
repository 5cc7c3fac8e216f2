using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// Opens connections to the gateway's embedded database file: WAL mode with <c>synchronous=NORMAL</c> (a committed
/// transaction survives a crash or kill -9 of the process; only an operating-system crash or power loss can lose the last
/// few commits, which SQLite documents as the usual WAL trade-off), and a busy timeout for concurrent processes.
/// Disposing it (the container does when the host stops) closes the pooled connections to the file, so the process
/// holds no handle on a database it no longer uses and the last connection's close checkpoints the WAL.
/// The folder it creates and the database files are the gateway user's only (<see cref="PrivateFiles"/>).
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private int _walConfigured;

    public SqliteDatabase(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            PrivateFiles.CreateDirectory(directory);
        }
        PrivateFiles.PrepareDatabase(path);
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Interlocked.Exchange(ref _walConfigured, 1) == 0
            ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
            : "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
