using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Security;

/// <summary>
/// The external OpenID Connect provider's access tokens (Entra ID), on ASP.NET Core's JwtBearer as the
/// <see cref="GatewaySchemes.External"/> scheme: the gateway is an OAuth 2.1 resource server. JwtBearer's configuration
/// manager reads <c>{Authority}/.well-known/openid-configuration</c> and its <c>jwks_uri</c>, keeps them
/// (<see cref="EntraOptions.KeyLifetimeHours"/>) and re-reads them when a token names an unknown <c>kid</c> (at most once
/// per <see cref="EntraOptions.KeyRefreshMinimumSeconds"/>); the issuer is the metadata's, the audience one of
/// <see cref="EntraOptions.Audiences"/>, the signature asymmetric (<see cref="Algorithms"/>). The caller it becomes, and
/// its role, are ours: <see cref="Map"/>.
/// </summary>
internal static class ExternalTokens
{
    /// <summary>RS256, PS256, ES256: never <c>none</c> or HMAC for a token the gateway did not issue.</summary>
    public static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256];

    /// <summary>Adds the scheme. Called only when a provider is configured, so JwtBearer is not even loaded otherwise.</summary>
    public static AuthenticationBuilder AddExternalTokens(this AuthenticationBuilder builder)
    {
        // A token naming an unknown kid makes the token handler request a refresh; by default the configuration manager
        // re-reads the keys in the background and this token fails (401) although the provider has its key. Blocking:
        // the refresh (throttled by RefreshInterval) happens in the validation, which retries the token with the new keys.
        // IdentityModel reads the switch once per process: Directory.Build.props sets it in every runtimeconfig.json; this
        // covers a host without it, as long as nothing validated a token before.
        AppContext.SetSwitch(UpdateConfigAsBlocking, true);
        builder.Services.AddSingleton<ExternalTokenEvents>();
        builder.Services.AddOptions<JwtBearerOptions>(GatewaySchemes.External)
            .Configure<IOptions<AuthOptions>, TimeProvider>((options, auth, time) => Configure(options, auth.Value.Entra, time));
        return builder.AddJwtBearer(GatewaySchemes.External);
    }

    /// <summary>The IdentityModel switch (process-wide; the gateway has no other configuration manager) that makes a requested refresh happen in the request.</summary>
    public const string UpdateConfigAsBlocking = "Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking";

    internal static void Configure(JwtBearerOptions options, EntraOptions entra, TimeProvider time)
    {
        options.Authority = entra.Authority!.TrimEnd('/');
        // AuthOptionsValidator allows http:// only on loopback (a local or test provider).
        options.RequireHttpsMetadata = !options.Authority.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        options.BackchannelTimeout = TimeSpan.FromSeconds(10);
        options.MapInboundClaims = false;
        options.IncludeErrorDetails = false;
        options.RefreshOnIssuerKeyNotFound = true;
        // The configuration manager refuses shorter intervals than its minimums (5 minutes, 1 second).
        options.AutomaticRefreshInterval = Max(TimeSpan.FromHours(entra.KeyLifetimeHours), BaseConfigurationManager.MinimumAutomaticRefreshInterval);
        options.RefreshInterval = Max(TimeSpan.FromSeconds(entra.KeyRefreshMinimumSeconds), BaseConfigurationManager.MinimumRefreshInterval);
        options.EventsType = typeof(ExternalTokenEvents);
        options.TokenValidationParameters = new TokenValidationParameters
        {
            // The issuer is the provider metadata's `issuer` (JwtBearer takes it, with the keys, from its configuration manager).
            ValidAudiences = entra.Audiences,
            ValidAlgorithms = Algorithms,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(2),
            LifetimeValidator = TokenLifetime.Validator(time),
        };
    }

    /// <summary>
    /// The caller a validated token is: named by <c>preferred_username</c>, <c>upn</c>, <c>oid</c> or <c>sub</c> (principal
    /// <c>external:{name}</c>); <c>admin</c> or <c>user</c> when <see cref="EntraOptions.RoleClaim"/> holds one of the
    /// configured values, else no role (authenticated, but may do nothing).
    /// </summary>
    public static GatewayIdentity Map(ClaimsIdentity? claims, SecurityToken token, EntraOptions entra)
    {
        var name = claims?.FindFirst("preferred_username")?.Value ?? claims?.FindFirst("upn")?.Value
                   ?? claims?.FindFirst("oid")?.Value ?? claims?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? "external";
        var roles = claims?.FindAll(entra.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal) ?? [];
        var role = entra.AdminRoles.Any(roles.Contains) ? GatewayRoles.Admin
            : entra.UserRoles.Any(roles.Contains) ? GatewayRoles.User
            : null;
        return new GatewayIdentity(name, role, PrincipalKinds.External)
        {
            ExpiresAt = new DateTimeOffset(DateTime.SpecifyKind(token.ValidTo, DateTimeKind.Utc), TimeSpan.Zero),
        };
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>
/// JwtBearer's events for <see cref="GatewaySchemes.External"/>: the token from where the gateway reads credentials, the
/// validated principal turned into a <see cref="GatewayIdentity"/>, and 401/403 written and audited like the gateway scheme's.
/// </summary>
internal sealed class ExternalTokenEvents(RequestAuthenticator authenticator, IOptions<AuthOptions> options, AuthenticationDenials denials) : JwtBearerEvents
{
    public override Task MessageReceived(MessageReceivedContext context)
    {
        // The header, or access_token on hub paths (JwtBearer alone would read only the header).
        context.Token = authenticator.ExternalToken(context.HttpContext);
        if (context.Token is null)
        {
            context.NoResult();
        }
        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        context.Principal = new ClaimsPrincipal(ExternalTokens.Map(context.Principal?.Identity as ClaimsIdentity, context.SecurityToken, options.Value.Entra));
        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        // Ours instead of JwtBearer's bare 401: the same body, header and audit entry as the gateway scheme; the reason
        // is ours (the exception, logged by JwtBearer, may name keys, issuers or metadata addresses).
        context.HandleResponse();
        return denials.ChallengeAsync(context.HttpContext, context.AuthenticateFailure is null ? null : RequestAuthenticator.InvalidToken);
    }

    public override Task Forbidden(ForbiddenContext context) => denials.ForbidAsync(context.HttpContext);
}
