using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Security;

/// <summary>The gateway's own access tokens: HS256 JWTs signed with <c>JWT_SECRET</c>, issued by <c>POST /auth/login</c>.</summary>
public sealed class GatewayTokens
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;
    private readonly SigningCredentials _credentials;
    private readonly TokenValidationParameters _validation;

    public GatewayTokens(IOptions<AuthOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        var secret = _options.JwtSecret is { Length: > 0 } configured ? Encoding.UTF8.GetBytes(configured) : RandomNumberGenerator.GetBytes(64);
        IsEphemeral = _options.JwtSecret is not { Length: > 0 };
        var key = new SymmetricSecurityKey(secret);
        _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        _validation = new TokenValidationParameters
        {
            ValidIssuer = _options.JwtIssuer,
            ValidAudience = _options.JwtAudience,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = JwtRegisteredClaimNames.Sub,
            LifetimeValidator = TokenLifetime.Validator(time),
        };
    }

    /// <summary>True when no <c>JWT_SECRET</c> is set: tokens are valid on this process until it stops.</summary>
    public bool IsEphemeral { get; }

    public string Issuer => _options.JwtIssuer;

    public (string Token, DateTimeOffset ExpiresAt) Issue(GatewayUser user)
    {
        var now = _time.GetUtcNow();
        var expires = now.AddMinutes(_options.JwtLifetimeMinutes);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.JwtIssuer,
            Audience = _options.JwtAudience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Username,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                ["role"] = user.Role,
            },
        });
        return (token, expires);
    }

    /// <summary>The subject of a valid token, or null (bad signature, issuer, audience, algorithm or lifetime).</summary>
    public async Task<(string Subject, DateTimeOffset ExpiresAt)?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _validation).ConfigureAwait(false);
        if (!result.IsValid || result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is not { Length: > 0 } subject)
        {
            return null;
        }
        return (subject, new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero));
    }

    /// <summary>The unvalidated <c>iss</c> of a JWT, to choose who validates it; null when it is not a JWT.</summary>
    public string? PeekIssuer(string token)
    {
        if (!_handler.CanReadToken(token))
        {
            return null;
        }
        try
        {
            return _handler.ReadJsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
