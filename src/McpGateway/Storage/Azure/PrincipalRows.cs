using System.Text.Json;
using Azure.Data.Tables;
using McpGateway.Security;

namespace McpGateway.Storage.Azure;

/// <summary>
/// The principals table's layout (see docs/storage.md, <i>Users, keys, audit and sessions on Azure</i>): users in partition
/// <c>user</c> (row key: the name in lower case, so names compare case-insensitively like the SQLite store), keys in
/// partition <c>key</c> (row key: the key id, so the request path's lookup is one point read). Hashes are stored, never logged.
/// </summary>
internal static class PrincipalRows
{
    public const string UserPartition = "user";
    public const string KeyPartition = "key";

    public const string Username = "Username";
    public const string Role = "Role";
    public const string PasswordHash = "PasswordHash";
    public const string CreatedAt = "CreatedAt";
    public const string Name = "Name";
    public const string Owner = "Owner";
    /// <summary>The owner in lower case: the column owner filters compare (owners compare case-insensitively).</summary>
    public const string OwnerKey = "OwnerKey";
    /// <summary>The owner's principal id; absent on keys stored before owner ids (read as <c>user:{Owner}</c>).</summary>
    public const string OwnerId = "OwnerId";
    /// <summary>The owner's principal id in lower case: the column owner-id filters compare.</summary>
    public const string OwnerIdKey = "OwnerIdKey";
    public const string Hash = "Hash";
    public const string Templates = "Templates";
    public const string Tools = "Tools";
    public const string ExpiresAt = "ExpiresAt";
    public const string RevokedAt = "RevokedAt";
    public const string RateLimit = "RateLimit";

    public static string UserKey(string username) => username.ToLowerInvariant();

    public static string OwnerKeyOf(string owner) => owner.ToLowerInvariant();

    /// <summary>False for values that cannot be a row key (such a user or key cannot exist, so lookups find nothing).</summary>
    public static bool IsStorable(string? key)
    {
        try
        {
            TableKeys.Validate(key, nameof(key));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static TableEntity User(GatewayUser user) => new(UserPartition, UserKey(user.Username))
    {
        [Username] = user.Username,
        [Role] = user.Role,
        [PasswordHash] = user.PasswordHash,
        [CreatedAt] = user.CreatedAt,
    };

    public static GatewayUser ReadUser(TableEntity row) => new(
        row.GetString(Username) ?? row.RowKey,
        row.GetString(Role) ?? string.Empty,
        row.GetString(PasswordHash) ?? string.Empty,
        row.GetDateTimeOffset(CreatedAt) ?? default);

    public static TableEntity Key(ApiKeyRecord key)
    {
        var row = new TableEntity(KeyPartition, key.Id)
        {
            [Owner] = key.Owner,
            [OwnerKey] = OwnerKeyOf(key.Owner),
            [OwnerId] = key.OwnerId,
            [OwnerIdKey] = OwnerKeyOf(key.OwnerId),
            [Role] = key.Role,
            [Hash] = key.Hash,
            [CreatedAt] = key.CreatedAt,
        };
        SetIfPresent(row, Name, key.Name);
        SetIfPresent(row, Templates, key.Templates is null ? null : JsonSerializer.Serialize(key.Templates));
        SetIfPresent(row, Tools, key.Tools is null ? null : JsonSerializer.Serialize(key.Tools));
        SetIfPresent(row, ExpiresAt, key.ExpiresAt);
        SetIfPresent(row, RevokedAt, key.RevokedAt);
        SetIfPresent(row, RateLimit, key.RateLimit);
        return row;
    }

    public static ApiKeyRecord ReadKey(TableEntity row) => new()
    {
        Id = row.RowKey,
        Name = row.GetString(Name),
        Owner = row.GetString(Owner) ?? string.Empty,
        OwnerId = row.GetString(OwnerId) ?? ApiKeyRecord.LegacyOwnerId(row.GetString(Owner) ?? string.Empty),
        Role = row.GetString(Role) ?? string.Empty,
        Hash = row.GetString(Hash) ?? string.Empty,
        Templates = row.GetString(Templates) is { } templates ? JsonSerializer.Deserialize<string[]>(templates) : null,
        Tools = row.GetString(Tools) is { } tools ? JsonSerializer.Deserialize<string[]>(tools) : null,
        ExpiresAt = row.GetDateTimeOffset(ExpiresAt),
        CreatedAt = row.GetDateTimeOffset(CreatedAt) ?? default,
        RevokedAt = row.GetDateTimeOffset(RevokedAt),
        RateLimit = row.GetInt32(RateLimit),
    };

    /// <summary>Only the revocation time: merged with If-Match, so it never recreates a deleted key or touches other columns.</summary>
    public static TableEntity Revocation(string id, DateTimeOffset at) => new(KeyPartition, id) { [RevokedAt] = at };

    private static void SetIfPresent(TableEntity row, string name, object? value)
    {
        if (value is not null)
        {
            row[name] = value;
        }
    }
}
