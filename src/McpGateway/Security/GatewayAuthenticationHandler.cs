using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace McpGateway.Security;

/// <summary>
/// The <see cref="GatewaySchemes.Gateway"/> scheme (API keys, the static key, the gateway's JWTs): <see cref="RequestAuthenticator"/>
/// decides; denials are audited and written by <see cref="AuthenticationDenials"/>. Every 403 comes here (the default scheme forwards forbid here).
/// </summary>
internal sealed class GatewayAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder,
    RequestAuthenticator authenticator, AuthenticationDenials denials)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    private string? _failure;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var outcome = await authenticator.AuthenticateAsync(Context);
        if (outcome.Identity is { } identity)
        {
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
        }
        if (outcome.Failure is { } failure)
        {
            _failure = failure;
            return AuthenticateResult.Fail(failure);
        }
        return AuthenticateResult.NoResult();
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => denials.ChallengeAsync(Context, _failure);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => denials.ForbidAsync(Context);
}
