using McpGateway.Api;
using Microsoft.AspNetCore.Identity;

namespace McpGateway.Security;

/// <summary>Users: creation (PBKDF2 via <see cref="PasswordHasher{TUser}"/>), password checks, deletion (which revokes the user's keys).</summary>
public sealed class UserAccounts(IPrincipalStore store, PrincipalCache cache, TimeProvider time)
{
    private static readonly PasswordHasher<GatewayUser> Hasher = new();
    // Verified against when the user does not exist, so a missing user costs as much time as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword(null!, "dummy-password-for-timing"));

    public async Task<GatewayUser> CreateAsync(string? username, string? password, string? role, CancellationToken cancellationToken)
    {
        if (!UserNames.IsValid(username?.Trim()))
        {
            throw GatewayException.BadRequest("Invalid username", "'username': " + UserNames.Rule);
        }
        role ??= GatewayRoles.User;
        if (!GatewayRoles.IsValid(role))
        {
            throw GatewayException.BadRequest("Invalid role", "'role' must be 'admin' or 'user'.");
        }
        if (password is null || password.Length < AuthOptionsValidator.MinimumPasswordLength)
        {
            throw GatewayException.BadRequest("Password too short", $"'password' needs at least {AuthOptionsValidator.MinimumPasswordLength} characters.");
        }
        var name = UserNames.Normalize(username!);
        var user = new GatewayUser(name, role, Hasher.HashPassword(null!, password), time.GetUtcNow());
        try
        {
            await store.AddUserAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch (PrincipalConflictException)
        {
            throw GatewayException.Conflict("User exists", $"A user named '{name}' already exists.");
        }
        cache.EvictUser(name);
        return user;
    }

    /// <summary>The user when the password matches; null otherwise (same work either way).</summary>
    public async Task<GatewayUser?> VerifyAsync(string username, string password, CancellationToken cancellationToken)
    {
        var user = UserNames.IsValid(username) ? await store.FindUserAsync(UserNames.Normalize(username), cancellationToken).ConfigureAwait(false) : null;
        var result = Hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? DummyHash.Value, password);
        return user is not null && result != PasswordVerificationResult.Failed ? user : null;
    }

    /// <summary>Deletes the user and revokes every key they own; false when there was no such user.</summary>
    public async Task<bool> DeleteAsync(string username, CancellationToken cancellationToken)
    {
        var name = UserNames.Normalize(username);
        if (!await store.RemoveUserAsync(name, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        cache.EvictUser(name);
        var now = time.GetUtcNow();
        foreach (var key in await store.ListKeysAsync(PrincipalKinds.UserPrincipal(name), cancellationToken).ConfigureAwait(false))
        {
            if (key.RevokedAt is null && await store.RevokeKeyAsync(key.Id, now, cancellationToken).ConfigureAwait(false))
            {
                cache.EvictKey(key.Id);
            }
        }
        return true;
    }
}
