using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Security;

/// <summary>
/// Validates access tokens of the external provider as an OAuth 2.1 resource server: issuer from the provider's metadata,
/// one of the configured audiences, an asymmetric signature by a key of its JWKS, lifetime; roles from the configured claim.
/// </summary>
public sealed class ExternalTokenValidator(OidcSigningKeys keys, IOptions<AuthOptions> options, TimeProvider time, ILogger<ExternalTokenValidator> logger)
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly EntraOptions _entra = options.Value.Entra;

    public bool IsConfigured => _entra.IsConfigured;

    public async Task<GatewayIdentity?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        OidcSigningKeys.Snapshot snapshot;
        try
        {
            snapshot = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException or ArgumentException)
        {
            logger.LogWarning("The external identity provider's keys could not be loaded: {Error}", LogSanitizer.Clean(e.Message));
            return null;
        }
        var result = await ValidateAsync(token, snapshot).ConfigureAwait(false);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            var refreshed = await keys.RefreshAsync(snapshot, cancellationToken).ConfigureAwait(false);
            if (refreshed != snapshot)
            {
                result = await ValidateAsync(token, refreshed).ConfigureAwait(false);
            }
        }
        if (!result.IsValid)
        {
            return null;
        }
        var claims = result.ClaimsIdentity;
        var name = claims.FindFirst("preferred_username")?.Value ?? claims.FindFirst("upn")?.Value
                   ?? claims.FindFirst("oid")?.Value ?? claims.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? "external";
        var roles = claims.FindAll(_entra.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var role = _entra.AdminRoles.Any(roles.Contains) ? GatewayRoles.Admin
            : _entra.UserRoles.Any(roles.Contains) ? GatewayRoles.User
            : null;
        return new GatewayIdentity(name, role, PrincipalKinds.External)
        {
            ExpiresAt = new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero),
        };
    }

    private Task<TokenValidationResult> ValidateAsync(string token, OidcSigningKeys.Snapshot snapshot)
        => _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = snapshot.Issuer,
            ValidAudiences = _entra.Audiences,
            IssuerSigningKeys = snapshot.Keys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(2),
            LifetimeValidator = TokenLifetime.Validator(time),
        });
}
