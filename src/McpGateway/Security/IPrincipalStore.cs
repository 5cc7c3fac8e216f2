namespace McpGateway.Security;

/// <summary>
/// Users and API keys. Implementations: SQLite (standalone) and Azure Table Storage; every one passes the same contract suite.
/// Names compare case-insensitively (usernames are stored lower-case by the caller).
/// </summary>
public interface IPrincipalStore
{
    Task InitializeAsync(CancellationToken cancellationToken = default);

    Task<GatewayUser?> FindUserAsync(string username, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<GatewayUser>> ListUsersAsync(CancellationToken cancellationToken = default);

    /// <exception cref="PrincipalConflictException">The username is taken.</exception>
    Task AddUserAsync(GatewayUser user, CancellationToken cancellationToken = default);

    /// <summary>Removes the user; false when it did not exist. Does not touch the user's keys.</summary>
    Task<bool> RemoveUserAsync(string username, CancellationToken cancellationToken = default);

    Task<ApiKeyRecord?> FindKeyAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every key, or only those whose <see cref="ApiKeyRecord.OwnerId"/> is <paramref name="ownerId"/> (a principal id,
    /// compared case-insensitively; a key stored without one counts as <see cref="ApiKeyRecord.LegacyOwnerId"/>); revoked keys included.
    /// </summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string? ownerId = null, CancellationToken cancellationToken = default);

    /// <exception cref="PrincipalConflictException">The id is taken.</exception>
    Task AddKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken = default);

    /// <summary>Marks the key revoked at <paramref name="at"/>; false when it does not exist or was already revoked.</summary>
    Task<bool> RevokeKeyAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default);
}

public sealed class PrincipalConflictException(string message) : Exception(message);
