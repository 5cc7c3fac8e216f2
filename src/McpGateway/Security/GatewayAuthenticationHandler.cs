using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace McpGateway.Security;

/// <summary>ASP.NET Core's authentication scheme for the gateway: <see cref="RequestAuthenticator"/> decides; denials are written by <see cref="DeniedResponses"/> and audited.</summary>
internal sealed class GatewayAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder,
    RequestAuthenticator authenticator, DeniedResponses denied, AuditTrail audit)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    private string? _failure;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var outcome = await authenticator.AuthenticateAsync(Context);
        if (outcome.Identity is { } identity)
        {
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), GatewayIdentity.Scheme));
        }
        if (outcome.Failure is { } failure)
        {
            _failure = failure;
            return AuthenticateResult.Fail(failure);
        }
        return AuthenticateResult.NoResult();
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        audit.Denied(Context, StatusCodes.Status401Unauthorized, _failure ?? "no credentials");
        return denied.UnauthorizedAsync(Context, _failure);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var identity = GatewayIdentity.Of(Context.User);
        var detail = identity?.Role is null
            ? "The caller has no gateway role."
            : $"The role '{identity.Role}' may not do this; it needs 'admin'.";
        audit.Denied(Context, StatusCodes.Status403Forbidden, detail);
        return denied.ForbiddenAsync(Context, detail);
    }
}
