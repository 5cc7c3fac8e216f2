using System.Text.Json.Nodes;
using McpGateway.Mcp;

namespace McpGateway.Storage.Sqlite;

/// <summary>MCP front-door sessions in the embedded database; every value reaches SQL as a parameter.</summary>
public sealed class SqliteMcpSessionStore(SqliteDatabase database) : IMcpSessionStore
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS mcp_sessions (
                id TEXT PRIMARY KEY,
                data TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                last_seen_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS mcp_sessions_last_seen ON mcp_sessions (last_seen_at);
            CREATE TABLE IF NOT EXISTS mcp_session_answers (
                session_id TEXT NOT NULL,
                request_id TEXT NOT NULL,
                message TEXT NOT NULL,
                PRIMARY KEY (session_id, request_id));
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CreateAsync(McpSessionRecord session, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO mcp_sessions (id, data, created_at, last_seen_at) VALUES ($id, $data, $created, $seen)";
        command.Parameters.AddWithValue("$id", session.Id);
        command.Parameters.AddWithValue("$data", session.ToJson().ToJsonString());
        command.Parameters.AddWithValue("$created", session.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$seen", session.LastSeenAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<McpSessionRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data, created_at, last_seen_at FROM mcp_sessions WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var json = JsonNode.Parse(reader.GetString(0)) as JsonObject ?? [];
        return McpSessionRecord.FromJson(id, json,
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
    }

    public async Task TouchAsync(string id, DateTimeOffset seenAt, bool dedicated, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = dedicated
            ? "UPDATE mcp_sessions SET last_seen_at = MAX(last_seen_at, $seen), data = json_set(data, '$.dedicated', json('true')) WHERE id = $id"
            : "UPDATE mcp_sessions SET last_seen_at = MAX(last_seen_at, $seen) WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$seen", seenAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM mcp_sessions WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        var existed = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        await DeleteAnswersAsync(connection, [id], cancellationToken);
        return existed;
    }

    /// <summary>Answers of ended sessions; run after the sessions are gone, so no new answer can be left for them.</summary>
    private static async Task DeleteAnswersAsync(Microsoft.Data.Sqlite.SqliteConnection connection, IReadOnlyList<string> sessionIds, CancellationToken cancellationToken)
    {
        foreach (var id in sessionIds)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM mcp_session_answers WHERE session_id = $id";
            command.Parameters.AddWithValue("$id", id);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task PostAnswerAsync(string sessionId, string requestId, string message, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO mcp_session_answers (session_id, request_id, message)
            SELECT $session, $request, $message WHERE EXISTS (SELECT 1 FROM mcp_sessions WHERE id = $session)
            ON CONFLICT (session_id, request_id) DO NOTHING
            """;
        command.Parameters.AddWithValue("$session", sessionId);
        command.Parameters.AddWithValue("$request", requestId);
        command.Parameters.AddWithValue("$message", message);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> TakeAnswerAsync(string sessionId, string requestId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM mcp_session_answers WHERE session_id = $session AND request_id = $request RETURNING message";
        command.Parameters.AddWithValue("$session", sessionId);
        command.Parameters.AddWithValue("$request", requestId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlyList<string>> DeleteIdleAsync(DateTimeOffset idleSince, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM mcp_sessions WHERE last_seen_at < $before RETURNING id";
        command.Parameters.AddWithValue("$before", idleSince.ToUnixTimeMilliseconds());
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        await reader.DisposeAsync();
        await DeleteAnswersAsync(connection, ids, cancellationToken);
        return ids;
    }
}
