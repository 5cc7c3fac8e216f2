using System.Text.Json;
using McpGateway.Security;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// Users and API keys in the embedded database. Every value reaches SQL as a parameter. <c>owner_id</c> was added after
/// the first release: <see cref="InitializeAsync"/> adds the column to an older file, and a key stored without one is read
/// (and filtered) as <c>user:{owner}</c>.
/// </summary>
public sealed class SqlitePrincipalStore(SqliteDatabase database) : IPrincipalStore
{
    private const string KeyColumns = "id, name, owner, role, hash, templates, tools, expires_at, created_at, revoked_at, rate_limit, owner_id";

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS users (
                username TEXT PRIMARY KEY COLLATE NOCASE,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                created_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS api_keys (
                id TEXT PRIMARY KEY,
                name TEXT,
                owner TEXT NOT NULL COLLATE NOCASE,
                role TEXT NOT NULL,
                hash TEXT NOT NULL,
                templates TEXT,
                tools TEXT,
                expires_at INTEGER,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER,
                rate_limit INTEGER,
                owner_id TEXT COLLATE NOCASE);
            CREATE INDEX IF NOT EXISTS api_keys_owner ON api_keys (owner);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await AddOwnerIdColumnAsync(connection, cancellationToken);
    }

    /// <summary>A database from before owner ids: add the column (its rows keep a null owner id, read as <c>user:{owner}</c>).</summary>
    private static async Task AddOwnerIdColumnAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var check = connection.CreateCommand();
        check.CommandText = "SELECT COUNT(*) FROM pragma_table_info('api_keys') WHERE name = 'owner_id'";
        if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            await using var alter = connection.CreateCommand();
            alter.CommandText = "ALTER TABLE api_keys ADD COLUMN owner_id TEXT COLLATE NOCASE";
            try
            {
                await alter.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqliteException e) when (e.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
            {
                // Another process sharing the file added it first.
            }
        }
        await using var index = connection.CreateCommand();
        index.CommandText = "CREATE INDEX IF NOT EXISTS api_keys_owner_id ON api_keys (owner_id)";
        await index.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<GatewayUser?> FindUserAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT username, role, password_hash, created_at FROM users WHERE username = $name";
        command.Parameters.AddWithValue("$name", username);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadUser(reader) : null;
    }

    public async Task<IReadOnlyList<GatewayUser>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT username, role, password_hash, created_at FROM users ORDER BY username";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<GatewayUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(ReadUser(reader));
        }
        return users;
    }

    public async Task AddUserAsync(GatewayUser user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO users (username, role, password_hash, created_at) VALUES ($name, $role, $hash, $created)
            ON CONFLICT(username) DO NOTHING
            """;
        command.Parameters.AddWithValue("$name", user.Username);
        command.Parameters.AddWithValue("$role", user.Role);
        command.Parameters.AddWithValue("$hash", user.PasswordHash);
        command.Parameters.AddWithValue("$created", user.CreatedAt.ToUnixTimeMilliseconds());
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new PrincipalConflictException($"User '{user.Username}' already exists.");
        }
    }

    public async Task<bool> RemoveUserAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM users WHERE username = $name";
        command.Parameters.AddWithValue("$name", username);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<ApiKeyRecord?> FindKeyAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {KeyColumns} FROM api_keys WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadKey(reader) : null;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string? ownerId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {KeyColumns} FROM api_keys
            WHERE $owner IS NULL OR owner_id = $owner OR (owner_id IS NULL AND ('user:' || owner) = $owner COLLATE NOCASE)
            ORDER BY created_at, id
            """;
        command.Parameters.AddWithValue("$owner", (object?)ownerId ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(ReadKey(reader));
        }
        return keys;
    }

    public async Task AddKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO api_keys ({KeyColumns})
            VALUES ($id, $name, $owner, $role, $hash, $templates, $tools, $expires, $created, $revoked, $rate, $ownerId)
            ON CONFLICT(id) DO NOTHING
            """;
        command.Parameters.AddWithValue("$id", key.Id);
        command.Parameters.AddWithValue("$name", (object?)key.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("$owner", key.Owner);
        command.Parameters.AddWithValue("$role", key.Role);
        command.Parameters.AddWithValue("$hash", key.Hash);
        command.Parameters.AddWithValue("$templates", key.Templates is null ? DBNull.Value : JsonSerializer.Serialize(key.Templates));
        command.Parameters.AddWithValue("$tools", key.Tools is null ? DBNull.Value : JsonSerializer.Serialize(key.Tools));
        command.Parameters.AddWithValue("$expires", (object?)key.ExpiresAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", key.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$revoked", (object?)key.RevokedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$rate", (object?)key.RateLimit ?? DBNull.Value);
        command.Parameters.AddWithValue("$ownerId", key.OwnerId);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new PrincipalConflictException($"API key '{key.Id}' already exists.");
        }
    }

    public async Task<bool> RevokeKeyAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_keys SET revoked_at = $at WHERE id = $id AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static GatewayUser ReadUser(SqliteDataReader reader)
        => new(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));

    private static ApiKeyRecord ReadKey(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = reader.IsDBNull(1) ? null : reader.GetString(1),
        Owner = reader.GetString(2),
        OwnerId = reader.IsDBNull(11) ? ApiKeyRecord.LegacyOwnerId(reader.GetString(2)) : reader.GetString(11),
        Role = reader.GetString(3),
        Hash = reader.GetString(4),
        Templates = reader.IsDBNull(5) ? null : JsonSerializer.Deserialize<string[]>(reader.GetString(5)),
        Tools = reader.IsDBNull(6) ? null : JsonSerializer.Deserialize<string[]>(reader.GetString(6)),
        ExpiresAt = reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
        RevokedAt = reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
        RateLimit = reader.IsDBNull(10) ? null : reader.GetInt32(10),
    };
}
