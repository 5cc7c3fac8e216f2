using Azure;
using Azure.Data.Tables;
using McpGateway.Security;

namespace McpGateway.Storage.Azure;

/// <summary>
/// Users and API keys on Azure Table Storage, shared by every gateway process on the same account and table.
/// Layout: <see cref="PrincipalRows"/>. Uniqueness is the service's (an insert of an existing row fails with 409);
/// revocation is a merge with If-Match on the row just read, so it happens once even when two processes race.
/// Values reach the service only as keys checked by <see cref="TableKeys"/> or through <see cref="TableClient.CreateQueryFilter(FormattableString)"/>.
/// </summary>
public sealed class TablePrincipalStore(TableClient table) : IPrincipalStore
{
    private const int MaxRevokeAttempts = 10;
    private static readonly string UserPrefix = PrincipalKinds.UserPrincipal("");
    private static readonly string[] RevokedOnly = [PrincipalRows.RevokedAt];

    public string TableName => table.Name;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
        => await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

    public async Task<GatewayUser?> FindUserAsync(string username, CancellationToken cancellationToken = default)
    {
        if (!PrincipalRows.IsStorable(username))
        {
            return null;
        }
        var row = await table.GetEntityIfExistsAsync<TableEntity>(PrincipalRows.UserPartition, PrincipalRows.UserKey(username), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return row.HasValue ? PrincipalRows.ReadUser(row.Value!) : null;
    }

    public async Task<IReadOnlyList<GatewayUser>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        var users = new List<GatewayUser>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PrincipalRows.UserPartition}"), cancellationToken: cancellationToken)
                           .ConfigureAwait(false))
        {
            users.Add(PrincipalRows.ReadUser(row));
        }
        return users; // row keys are the lower-case names: already in the SQLite store's (case-insensitive) order
    }

    public async Task AddUserAsync(GatewayUser user, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(user.Username, nameof(user));
        try
        {
            await table.AddEntityAsync(PrincipalRows.User(user), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new PrincipalConflictException($"User '{user.Username}' already exists.");
        }
    }

    public async Task<bool> RemoveUserAsync(string username, CancellationToken cancellationToken = default)
    {
        if (!PrincipalRows.IsStorable(username))
        {
            return false;
        }
        var response = await table.DeleteEntityAsync(PrincipalRows.UserPartition, PrincipalRows.UserKey(username), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.Status != 404;
    }

    public async Task<ApiKeyRecord?> FindKeyAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!PrincipalRows.IsStorable(id))
        {
            return null;
        }
        var row = await table.GetEntityIfExistsAsync<TableEntity>(PrincipalRows.KeyPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? PrincipalRows.ReadKey(row.Value!) : null;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string? ownerId = null, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PrincipalRows.KeyPartition}");
        if (ownerId is not null)
        {
            // Rows with the owner id, and (for a user) rows stored before owner ids with that owner name; the exact
            // comparison below drops rows of the name whose owner id is another principal's.
            var idKey = PrincipalRows.OwnerKeyOf(ownerId);
            filter = ownerId.StartsWith(UserPrefix, StringComparison.OrdinalIgnoreCase)
                ? TableClient.CreateQueryFilter(
                    $"PartitionKey eq {PrincipalRows.KeyPartition} and (OwnerIdKey eq {idKey} or OwnerKey eq {PrincipalRows.OwnerKeyOf(ownerId[UserPrefix.Length..])})")
                : TableClient.CreateQueryFilter($"PartitionKey eq {PrincipalRows.KeyPartition} and OwnerIdKey eq {idKey}");
        }
        var keys = new List<ApiKeyRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var key = PrincipalRows.ReadKey(row);
            if (ownerId is null || string.Equals(key.OwnerId, ownerId, StringComparison.OrdinalIgnoreCase))
            {
                keys.Add(key);
            }
        }
        return keys.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal).ToList();
    }

    public async Task AddKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(key.Id, nameof(key));
        try
        {
            await table.AddEntityAsync(PrincipalRows.Key(key), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new PrincipalConflictException($"API key '{key.Id}' already exists.");
        }
    }

    public async Task<bool> RevokeKeyAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (!PrincipalRows.IsStorable(id))
        {
            return false;
        }
        for (var attempt = 1; ; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(PrincipalRows.KeyPartition, id, RevokedOnly, cancellationToken).ConfigureAwait(false);
            if (!current.HasValue || current.Value!.GetDateTimeOffset(PrincipalRows.RevokedAt) is not null)
            {
                return false;
            }
            try
            {
                // If-Match on the row just read: a concurrent revocation (or any change) answers 412 and is read again.
                await table.UpdateEntityAsync(PrincipalRows.Revocation(id, at), current.Value.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return false;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxRevokeAttempts)
            {
            }
        }
    }
}
