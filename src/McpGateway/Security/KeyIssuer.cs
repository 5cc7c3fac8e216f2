using McpGateway.Api;

namespace McpGateway.Security;

/// <summary>Creates and revokes API keys. A caller never creates a key with more rights than it has itself.</summary>
public sealed class KeyIssuer(IPrincipalStore store, PrincipalCache cache, RateLimits limits, TimeProvider time)
{
    public async Task<(ApiKeyRecord Record, string Key)> CreateAsync(GatewayIdentity caller, CreateKeyRequest request, CancellationToken cancellationToken)
    {
        var role = request.Role ?? GatewayRoles.User;
        if (!GatewayRoles.IsValid(role))
        {
            throw GatewayException.BadRequest("Invalid role", "'role' must be 'admin' or 'user'.");
        }
        if (caller.Role is null || !GatewayRoles.IsAtMost(role, caller.Role))
        {
            throw Forbidden($"A '{caller.Role}' caller cannot create an '{role}' key.");
        }
        // The key belongs to the caller's principal (an API key's owner, not the key), or, for an admin, to the named user.
        var (owner, ownerId) = (caller.Name ?? "?", caller.PrincipalId);
        if (request.Owner is { } requestedOwner
            && !string.Equals(PrincipalKinds.UserPrincipal(UserNames.Normalize(requestedOwner)), ownerId, StringComparison.OrdinalIgnoreCase))
        {
            if (!caller.IsAdmin)
            {
                throw Forbidden("Only an admin can create keys for someone else.");
            }
            var ownerUser = await store.FindUserAsync(UserNames.Normalize(requestedOwner), cancellationToken).ConfigureAwait(false)
                            ?? throw GatewayException.NotFound("Unknown user", $"No user named '{requestedOwner}'.");
            if (!GatewayRoles.IsAtMost(role, ownerUser.Role))
            {
                throw GatewayException.BadRequest("Role above owner", $"User '{ownerUser.Username}' is '{ownerUser.Role}'; the key cannot be '{role}'.");
            }
            (owner, ownerId) = (ownerUser.Username, PrincipalKinds.UserPrincipal(ownerUser.Username));
        }
        var now = time.GetUtcNow();
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            throw GatewayException.BadRequest("Invalid expires_at", "'expires_at' must be in the future.");
        }
        if (request.RateLimit is < 0)
        {
            throw GatewayException.BadRequest("Invalid rate_limit", "'rate_limit' must be 0 (unlimited) or more.");
        }
        var templates = Clean(request.Templates, "templates");
        var tools = Clean(request.Tools, "tools");
        // No more rights than the caller: a scoped caller's scope and expiry carry over (the rate limit: RateLimitOf).
        if (caller.Templates is { } callerTemplates && (templates is null || templates.Any(t => !callerTemplates.Contains(t) && !callerTemplates.Contains("*"))))
        {
            throw Forbidden("The key's 'templates' must be within the caller's own templates.");
        }
        if (caller.Tools is { } callerTools && (tools is null || tools.Any(t => !callerTools.Contains(t))))
        {
            throw Forbidden("The key's 'tools' must be within the caller's own tools.");
        }
        if (caller.ExpiresAt is { } callerExpiry && caller.Kind == PrincipalKinds.ApiKey && (request.ExpiresAt is null || request.ExpiresAt > callerExpiry))
        {
            throw Forbidden("The key must expire no later than the caller's own key.");
        }
        var rateLimit = RateLimitOf(caller, request.RateLimit);
        var (id, key) = ApiKeys.Generate();
        var record = new ApiKeyRecord
        {
            Id = id,
            Name = LogSanitizer.CleanOrNull(request.Name, 100),
            Owner = owner,
            OwnerId = ownerId,
            Role = role,
            Hash = ApiKeys.Hash(key),
            Templates = templates,
            Tools = tools,
            ExpiresAt = request.ExpiresAt,
            CreatedAt = now,
            RateLimit = rateLimit,
        };
        await store.AddKeyAsync(record, cancellationToken).ConfigureAwait(false);
        return (record, key);
    }

    /// <summary>
    /// Who sees and revokes a key: an admin any; anyone else the keys of their own principal whose role is at most their own
    /// (so a user key minted by an admin principal never sees or revokes that admin's keys). The caller's own key included.
    /// </summary>
    public static bool MayManage(GatewayIdentity caller, ApiKeyRecord key)
        => caller.IsAdmin
           || (caller.Role is { } role && GatewayRoles.IsAtMost(key.Role, role)
               && string.Equals(key.OwnerId, caller.PrincipalId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The keys <see cref="MayManage"/> lets the caller see.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(GatewayIdentity caller, CancellationToken cancellationToken)
    {
        var keys = await store.ListKeysAsync(caller.IsAdmin ? null : caller.PrincipalId, cancellationToken).ConfigureAwait(false);
        return keys.Where(k => MayManage(caller, k)).ToList();
    }

    /// <summary>Revokes a key the caller may manage (<see cref="MayManage"/>); any other id is 404, as if unknown.</summary>
    public async Task<ApiKeyRecord> RevokeAsync(GatewayIdentity caller, string id, CancellationToken cancellationToken)
    {
        var record = await store.FindKeyAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null || !MayManage(caller, record))
        {
            throw GatewayException.NotFound("Unknown key", $"No key '{id}' that this caller may revoke.");
        }
        var now = time.GetUtcNow();
        await store.RevokeKeyAsync(id, now, cancellationToken).ConfigureAwait(false);
        cache.EvictKey(id);
        return record with { RevokedAt = record.RevokedAt ?? now };
    }

    /// <summary>
    /// The new key's <c>rate_limit</c>: never above the caller's own (<see cref="RateLimits.Of"/>; 0 = unlimited), and 0 only
    /// for an admin who is unlimited. Omitted: the caller's own key limit when it has one, else null (the configured default).
    /// </summary>
    private int? RateLimitOf(GatewayIdentity caller, int? requested)
    {
        var callerLimit = limits.Of(caller);
        if (requested == 0 && !caller.IsAdmin)
        {
            throw Forbidden("Only an admin can create an unlimited key ('rate_limit' 0).");
        }
        if (callerLimit > 0 && (requested == 0 || requested > callerLimit))
        {
            throw Forbidden($"The key's 'rate_limit' must be within the caller's own ({callerLimit} per window).");
        }
        return requested ?? (caller.RateLimit is > 0 ? caller.RateLimit : null);
    }

    private static string[]? Clean(string[]? values, string field)
    {
        if (values is null)
        {
            return null;
        }
        if (values.Length > 100 || values.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > 200 || v.Any(char.IsControl)))
        {
            throw GatewayException.BadRequest($"Invalid {field}", $"'{field}' must be at most 100 non-empty names.");
        }
        return values.Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToArray();
    }

    private static GatewayException Forbidden(string detail)
        => new(StatusCodes.Status403Forbidden, "Forbidden", detail, "https://mcpgateway.dev/errors/http-403");
}
