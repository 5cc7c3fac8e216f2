using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace McpGateway.Security;

/// <summary>
/// Finds and checks the credentials of one request: <c>X-API-Key</c>, <c>Authorization: Bearer</c> (an API key, the
/// static key or a gateway JWT), or <c>api_key</c> in the query on <c>/ws/</c> paths only, or <c>access_token</c> in the
/// query on <c>/hubs/</c> paths only (the SignalR clients' convention). A bearer JWT that the gateway did not issue is the
/// external provider's (<see cref="ExternalToken"/>): the <see cref="GatewaySchemes.External"/> scheme (JwtBearer) validates it.
/// </summary>
public sealed class RequestAuthenticator(
    IOptions<AuthOptions> options, PrincipalCache cache, GatewayTokens tokens, TimeProvider time)
{
    public const string ApiKeyHeader = "X-API-Key";
    public const string StaticKeyName = "api-key";
    public const string InvalidToken = "The token is invalid or expired.";

    private readonly AuthOptions _options = options.Value;
    private readonly byte[]? _staticHash = options.Value.ApiKey is { Length: > 0 } key
        ? System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key))
        : null;

    private static readonly GatewayIdentity Anonymous = new("anonymous", GatewayRoles.Admin, PrincipalKinds.Anonymous);

    public bool Enabled => _options.Enabled;

    public async ValueTask<AuthOutcome> AuthenticateAsync(HttpContext context)
    {
        if (!_options.Enabled)
        {
            return AuthOutcome.Success(Anonymous);
        }
        var (key, bearer, failure) = FindCredentials(context.Request);
        if (failure is not null)
        {
            return AuthOutcome.Fail(failure);
        }
        if (key is not null)
        {
            return await AuthenticateKeyAsync(key, context.RequestAborted).ConfigureAwait(false);
        }
        if (string.IsNullOrEmpty(bearer))
        {
            return AuthOutcome.None;
        }
        return await AuthenticateTokenAsync(bearer, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// The external provider's token the request carries, or null: a bearer JWT (header, or <c>access_token</c> on hub
    /// paths) whose unverified issuer is not the gateway's, while authentication is on and a provider is configured.
    /// Picks the authentication scheme (<see cref="GatewaySchemes"/>) and is the token JwtBearer validates.
    /// </summary>
    public string? ExternalToken(HttpContext context)
    {
        if (!_options.Enabled || !_options.Entra.IsConfigured)
        {
            return null;
        }
        var (key, bearer, failure) = FindCredentials(context.Request);
        return failure is null && key is null && !string.IsNullOrEmpty(bearer) && tokens.PeekIssuer(bearer) is { } issuer && issuer != tokens.Issuer
            ? bearer
            : null;
    }

    /// <summary>The API key or bearer token of the request (a bearer that is a key is returned as the key), or why none is accepted.</summary>
    private (string? Key, string? Bearer, string? Failure) FindCredentials(HttpRequest request)
    {
        string? key = request.Headers[ApiKeyHeader].FirstOrDefault();
        string? bearer = null;
        if (key is null && request.Headers[HeaderNames.Authorization].FirstOrDefault() is { } authorization)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return (null, null, "Only 'Authorization: Bearer' is accepted.");
            }
            bearer = authorization["Bearer ".Length..].Trim();
        }
        if (key is null && bearer is null && request.Path.StartsWithSegments("/ws") && request.Query["api_key"].FirstOrDefault() is { } queryKey)
        {
            key = queryKey;
        }
        // SignalR clients cannot set headers on WebSocket and SSE requests; they send the token as access_token (hub paths only).
        if (key is null && bearer is null && request.Path.StartsWithSegments("/hubs") && request.Query["access_token"].FirstOrDefault() is { Length: > 0 } queryToken)
        {
            bearer = queryToken;
        }
        if (key is null && bearer is not null && (ApiKeys.LooksLikeKey(bearer) || IsStaticKey(bearer)))
        {
            return (bearer, null, null);
        }
        return (key, bearer, null);
    }

    private bool IsStaticKey(string value)
        => _staticHash is not null
           && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
               System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(value)), _staticHash);

    private async ValueTask<AuthOutcome> AuthenticateKeyAsync(string key, CancellationToken cancellationToken)
    {
        if (ApiKeys.ParseId(key) is not { } id)
        {
            return IsStaticKey(key)
                ? AuthOutcome.Success(new GatewayIdentity(StaticKeyName, GatewayRoles.Admin, PrincipalKinds.StaticKey))
                : AuthOutcome.Fail("The API key is not valid.");
        }
        var record = await cache.GetKeyAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null || !ApiKeys.HashEquals(ApiKeys.Hash(key), record.Hash))
        {
            return AuthOutcome.Fail("The API key is not valid.");
        }
        if (!record.IsActive(time.GetUtcNow()))
        {
            return AuthOutcome.Fail("The API key has expired or was revoked.");
        }
        return AuthOutcome.Success(new GatewayIdentity(record.Owner, record.Role, PrincipalKinds.ApiKey)
        {
            PrincipalId = record.OwnerId,
            KeyId = record.Id,
            Templates = record.Templates,
            Tools = record.Tools,
            ExpiresAt = record.ExpiresAt,
            RateLimit = record.RateLimit,
        });
    }

    private async ValueTask<AuthOutcome> AuthenticateTokenAsync(string token, CancellationToken cancellationToken)
    {
        var issuer = tokens.PeekIssuer(token);
        if (issuer is null)
        {
            return AuthOutcome.Fail("The bearer token is neither an API key nor a JWT.");
        }
        if (issuer == tokens.Issuer)
        {
            if (await tokens.ValidateAsync(token).ConfigureAwait(false) is not var (subject, expires))
            {
                return AuthOutcome.Fail(InvalidToken);
            }
            var user = await cache.GetUserAsync(subject, cancellationToken).ConfigureAwait(false);
            return user is null
                ? AuthOutcome.Fail("The token's user no longer exists.")
                : AuthOutcome.Success(new GatewayIdentity(user.Username, user.Role, PrincipalKinds.User) { ExpiresAt = expires });
        }
        // Not the gateway's: the external provider's token when one is configured, and then the External scheme took it.
        return AuthOutcome.Fail(InvalidToken);
    }
}
