using System.Text.Json;
using McpGateway.Registry;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>The embedded registry store. Every value reaches SQL as a parameter.</summary>
public sealed class SqliteRegistryStore(SqliteDatabase database) : IRegistryStore
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS templates (
                name TEXT PRIMARY KEY,
                settings TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS instances (
                template TEXT NOT NULL REFERENCES templates(name),
                id TEXT NOT NULL,
                definition TEXT NOT NULL,
                health TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (template, id));
            CREATE TABLE IF NOT EXISTS registry_version (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                version INTEGER NOT NULL);
            INSERT OR IGNORE INTO registry_version (id, version) VALUES (1, 0);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TemplateRecord>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var templates = new Dictionary<string, (LoadBalancerSettings Settings, List<InstanceRecord> Instances)>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, settings FROM templates ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var settings = JsonSerializer.Deserialize(reader.GetString(1), StoreJson.Default.LoadBalancerSettings) ?? new();
                templates[reader.GetString(0)] = (settings, []);
            }
        }
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT template, definition, health FROM instances ORDER BY template, created_at, id";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var definition = JsonSerializer.Deserialize(reader.GetString(1), StoreJson.Default.InstanceDefinition)!;
                var health = JsonSerializer.Deserialize(reader.GetString(2), StoreJson.Default.InstanceHealth) ?? new();
                if (templates.TryGetValue(reader.GetString(0), out var template))
                {
                    template.Instances.Add(new InstanceRecord(definition, health));
                }
            }
        }
        return templates.Select(t => new TemplateRecord(t.Key, t.Value.Settings, t.Value.Instances)).ToList();
    }

    public async Task UpsertTemplateAsync(string name, LoadBalancerSettings settings, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO templates (name, settings) VALUES ($name, $settings)
                ON CONFLICT(name) DO UPDATE SET settings = excluded.settings
                """;
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$settings", JsonSerializer.Serialize(settings, StoreJson.Default.LoadBalancerSettings));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await BumpVersionAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task AddInstanceAsync(InstanceDefinition instance, CancellationToken cancellationToken = default)
    {
        if (!await WriteInstanceAsync(instance, "DO NOTHING", cancellationToken))
        {
            throw new RegistryConflictException($"Instance '{instance.Id}' is already registered for template '{instance.Template}'.");
        }
    }

    public async Task PutInstanceAsync(InstanceDefinition instance, CancellationToken cancellationToken = default)
        => await WriteInstanceAsync(instance, "DO UPDATE SET definition = excluded.definition", cancellationToken);

    /// <summary>
    /// Inserts the instance (creating its template if missing) with <paramref name="onConflict"/> deciding what an existing
    /// one becomes, and bumps the version if a row was written; false when nothing was.
    /// </summary>
    private async Task<bool> WriteInstanceAsync(InstanceDefinition instance, string onConflict, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT OR IGNORE INTO templates (name, settings) VALUES ($name, '{}')";
            command.Parameters.AddWithValue("$name", instance.Template);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"""
                INSERT INTO instances (template, id, definition, health, created_at)
                VALUES ($template, $id, $definition, $health, $created)
                ON CONFLICT(template, id) {onConflict}
                """;
            command.Parameters.AddWithValue("$template", instance.Template);
            command.Parameters.AddWithValue("$id", instance.Id);
            command.Parameters.AddWithValue("$definition", JsonSerializer.Serialize(instance, StoreJson.Default.InstanceDefinition));
            command.Parameters.AddWithValue("$health", JsonSerializer.Serialize(new InstanceHealth(), StoreJson.Default.InstanceHealth));
            command.Parameters.AddWithValue("$created", await NextSequenceAsync(connection, transaction, cancellationToken));
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false; // the transaction rolls back on dispose
            }
        }
        await BumpVersionAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> RemoveInstanceAsync(string template, string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM instances WHERE template = $template AND id = $id";
        command.Parameters.AddWithValue("$template", template);
        command.Parameters.AddWithValue("$id", instanceId);
        var removed = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        if (removed)
        {
            await BumpVersionAsync(connection, transaction, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    public async Task UpdateHealthAsync(string template, string instanceId, InstanceHealth health, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE instances SET health = $health WHERE template = $template AND id = $id";
        command.Parameters.AddWithValue("$template", template);
        command.Parameters.AddWithValue("$id", instanceId);
        command.Parameters.AddWithValue("$health", JsonSerializer.Serialize(health, StoreJson.Default.InstanceHealth));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM registry_version WHERE id = 1";
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "0";
    }

    private static async Task BumpVersionAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE registry_version SET version = version + 1 WHERE id = 1";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> NextSequenceAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(created_at), 0) + 1 FROM instances";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
